use tablewright::View;

#[derive(View)]
#[view(name = "lot_stock", comment = "Lots in stock")]
pub struct LotStock {
    pub lot_id: i32,
}

#[derive(View)]
#[view(query = "SELECT 1 AS n; DROP TABLE lots")]
pub struct Smuggled {
    pub n: i32,
}

#[derive(View)]
#[view(query = "SELECT 1 AS n", refresh = "hourly")]
pub struct Unknown {
    pub n: i32,
}

fn main() {}

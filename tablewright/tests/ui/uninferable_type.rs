use tablewright::Table;

pub struct Money(i64);

#[derive(Table)]
pub struct Lot {
    #[column(primary_key)]
    pub id: i32,
    pub price: Money,
    pub tags: Vec<Money>,
    #[column(max_length = 10)]
    pub count: i32,
}

fn main() {}

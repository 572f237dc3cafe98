use tablewright::Table;

#[derive(Table)]
#[table(nmae = "lots")]
pub struct Lot {
    #[column(primary_ky)]
    pub id: i32,
    #[column(index(columns(id)))]
    pub code: String,
}

fn main() {}

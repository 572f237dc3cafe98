use tablewright::Table;

#[derive(Table)]
#[table(name = "lots")]
#[table(name = "other_lots")]
pub struct Lot {
    #[column(primary_key, primary_key)]
    pub id: i32,
    #[column(max_length = 10)]
    #[column(max_length = 20)]
    pub code: String,
}

fn main() {}

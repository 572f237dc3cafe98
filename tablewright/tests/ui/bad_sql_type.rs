use tablewright::Table;

#[derive(Table)]
pub struct Lot {
    #[column(primary_key)]
    pub id: i32,
    #[column(sql_type = "strnig")]
    pub code: String,
    #[column(sql_type = "varchar(0)")]
    pub name: String,
    #[column(sql_type = "numeric(3,5)")]
    pub price: f64,
    #[column(sql_type = "serial[]")]
    pub counters: Vec<i32>,
}

fn main() {}

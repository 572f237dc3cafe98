use tablewright::Table;

// The table-local rules run in the derive: each problem is an error at the attribute or type it
// is about, and the `table!` is still generated, so `lots::table` below adds no error of its own.
#[derive(Table)]
#[table(dialect = "postgres")]
pub struct Lot {
    #[column(primary_key)]
    pub id: Option<i32>,
    #[column(default = "many")]
    pub quantity: i32,
    #[column(max_length = 5, values("OPEN", "CLOSED", "OPEN"))]
    pub status: String,
    #[column(set_on_update)]
    pub touched: String,
}

fn main() {
    let _ = lots::table;
}

use tablewright::Table;

#[derive(Table)]
#[table(index(columns(lot_code)), unique(columns(id, nope)))]
pub struct Lot {
    #[column(primary_key)]
    pub id: i32,
    pub code: String,
}

fn main() {}

use tablewright::Table;

#[derive(Table)]
pub struct Lot {
    #[column(primary_key = true)]
    pub id: i32,
    #[column(on_delete = restrict)]
    pub location_id: i32,
    #[column(max_length = "50")]
    pub code: String,
    #[column(default = now())]
    pub quantity: i32,
    #[column(values(1, 2))]
    pub status: String,
}

fn main() {}

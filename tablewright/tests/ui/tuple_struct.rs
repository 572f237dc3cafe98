use tablewright::Table;

#[derive(Table)]
pub struct Lot(i32, String);

fn main() {}

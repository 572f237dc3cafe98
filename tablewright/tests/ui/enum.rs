use tablewright::Table;

#[derive(Table)]
pub enum Status {
    Open,
    Closed,
}

fn main() {}

use tablewright::Table;

#[derive(Table)]
pub struct Note {
    pub title: String,
    pub body: Option<String>,
}

fn main() {}

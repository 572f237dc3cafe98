use diesel::prelude::*;
use tablewright::Table;

// The kept column of a dropped one is nullable: diesel reads it into an `Option`.
#[derive(Table, Queryable, Selectable)]
#[diesel(table_name = notes)]
#[table(name = "notes", dialect = "sqlite")]
pub struct Note {
    #[column(primary_key)]
    pub id: i32,
    #[column(dropped)]
    pub body: String,
}

fn main() {}

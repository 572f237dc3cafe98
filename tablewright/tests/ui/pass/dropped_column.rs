//! A struct deriving diesel's `Queryable`, `Selectable` and `Insertable` keeps compiling while
//! one of its columns is dropped: `table!` keeps the column under its name, reading the kept
//! `body__dropped` column, until it is purged.

use diesel::prelude::*;
use tablewright::Table;

#[derive(Table, Queryable, Selectable, Insertable, Debug, PartialEq)]
#[diesel(table_name = notes)]
#[table(name = "notes", dialect = "sqlite")]
pub struct Note {
    #[column(primary_key)]
    pub id: i32,
    pub title: String,
    #[column(dropped)]
    pub body: Option<String>,
}

fn main() {
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    // The table as the drop's migration leaves it.
    diesel::sql_query(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body__dropped TEXT)",
    )
    .execute(&mut conn)
    .unwrap();
    diesel::sql_query("INSERT INTO notes (id, title, body__dropped) VALUES (1, 'kept', 'old text')")
        .execute(&mut conn)
        .unwrap();
    diesel::insert_into(notes::table)
        .values(&Note { id: 2, title: "new".into(), body: None })
        .execute(&mut conn)
        .unwrap();

    let notes: Vec<Note> = notes::table.order(notes::id).select(Note::as_select()).load(&mut conn).unwrap();
    assert_eq!(
        notes,
        [
            Note { id: 1, title: "kept".into(), body: Some("old text".into()) },
            Note { id: 2, title: "new".into(), body: None },
        ]
    );
}

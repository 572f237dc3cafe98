use diesel::prelude::*;
use tablewright::Table;

#[derive(Table, Queryable, Selectable, Insertable, Debug, PartialEq)]
#[diesel(table_name = notes)]
#[table(name = "notes", dialect = "sqlite")]
pub struct Note {
    #[column(primary_key, sql_type = "serial")]
    pub id: i32,
    #[column(max_length = 200, index)]
    pub title: String,
    pub body: Option<String>,
    #[column(default = false)]
    pub pinned: bool,
    // A keyword as SQL name: `table!` calls the column `type_`, which diesel's derives are told.
    #[column(name = "type", max_length = 10)]
    #[diesel(column_name = type_)]
    pub kind: String,
}

fn main() {
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    diesel::sql_query(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, title VARCHAR(200) NOT NULL, \
         body TEXT, pinned BOOLEAN NOT NULL DEFAULT FALSE, type VARCHAR(10) NOT NULL)",
    )
    .execute(&mut conn)
    .unwrap();

    let first = Note { id: 1, title: "first".into(), body: None, pinned: true, kind: "memo".into() };
    let second = Note { id: 2, title: "second".into(), body: Some("text".into()), pinned: false, kind: "todo".into() };
    diesel::insert_into(notes::table).values(&vec![first, second]).execute(&mut conn).unwrap();

    let pinned: Vec<Note> = notes::table
        .filter(notes::pinned.eq(true))
        .select(Note::as_select())
        .load(&mut conn)
        .unwrap();
    assert_eq!(pinned.len(), 1);
    assert_eq!(pinned[0].title, "first");

    diesel::update(notes::table.find(2)).set(notes::body.eq(None::<String>)).execute(&mut conn).unwrap();
    let titles: Vec<(String, String)> = notes::table
        .filter(notes::body.is_null())
        .order(notes::id.desc())
        .select((notes::title, notes::type_))
        .load(&mut conn)
        .unwrap();
    assert_eq!(titles, [("second".to_string(), "todo".to_string()), ("first".to_string(), "memo".to_string())]);
}

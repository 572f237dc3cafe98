use diesel::prelude::*;
use tablewright::Table;

/// A project groups tasks.
#[derive(Table, Queryable, Selectable, Debug)]
#[table(name = "projects", comment = "Projects that group tasks")]
#[diesel(table_name = projects)]
pub struct Project {
    #[column(primary_key, sql_type = "serial")]
    pub id: i32,
    #[column(max_length = 100, unique)]
    pub name: String,
    #[column(default_sql = "now()")]
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = projects)]
pub struct NewProject<'a> {
    pub name: &'a str,
}

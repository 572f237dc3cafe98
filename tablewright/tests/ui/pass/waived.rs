use tablewright::Table;

// An index that duplicates a unique constraint, kept on purpose and said why: it compiles, and
// the table is used as any other.
#[derive(Table)]
#[table(
    dialect = "postgres",
    waive(check = "duplicate-index", object = "idx_tags_name", reason = "a search tool finds it by this name")
)]
pub struct Tag {
    #[column(primary_key)]
    pub id: i32,
    #[column(unique, index)]
    pub name: String,
}

fn main() {
    use diesel::prelude::*;
    let _query = tags::table.select(tags::name);
}

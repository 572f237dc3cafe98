use tablewright::Table;

// A waiver answers one finding about one object, with a reason: the duplicate index of `tags`
// is waived and reports nothing. A check that cannot be waived, and a waiver without a reason,
// are errors at the waiver; the finding the reasonless waiver names is still reported.
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

#[derive(Table)]
#[table(
    dialect = "postgres",
    waive(check = "nullable-primary-key", object = "id", reason = "legacy"),
    waive(check = "duplicate-index", object = "idx_labels_name", reason = "")
)]
pub struct Label {
    #[column(primary_key)]
    pub id: i32,
    #[column(unique, index)]
    pub name: String,
}

fn main() {
    let _ = (tags::table, labels::table);
}

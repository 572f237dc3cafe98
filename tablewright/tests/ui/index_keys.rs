use tablewright::Table;

#[derive(Table)]
#[table(index(key(column = "created_at", order = "down")))]
#[table(index(key(expression = "lower(email)", column = "email")))]
#[table(index(columns(email), key(colum = "created_at")))]
pub struct User {
    #[column(primary_key)]
    pub id: i32,
    pub email: String,
    pub created_at: i64,
}

fn main() {}

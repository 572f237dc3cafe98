use tablewright::Table;

// The help of each rule is written as attributes (`#[column(index)]`, `references = "..."`),
// not as the YAML keys of the same rule, and points at the attribute it is about.
#[derive(Table)]
#[table(tenant = "tenant_id")]
pub struct Order {
    #[column(primary_key)]
    pub id: i64,
    pub tenant_id: Option<i64>,
    #[column(on_delete = "cascade")]
    pub customer_id: i64,
    #[column(sql_type = "date", default_sql = "now()")]
    pub due_on: String,
}

#[derive(Table)]
pub struct Note {
    #[column(primary_key)]
    pub id: i64,
    #[column(unique_per_tenant)]
    pub body: String,
}

fn main() {}

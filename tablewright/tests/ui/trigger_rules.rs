use tablewright::Table;

// Read without an error, but refused by the table's rules: a column `update_of` does not have,
// transition tables on a BEFORE trigger, a name taken by `set_on_update`'s trigger.
#[derive(Table)]
#[table(dialect = "postgres")]
#[table(trigger(name = "lots_qty", timing = "before", events = "update", update_of(quantity), execute = "touch()"))]
#[table(trigger(name = "lots_batch", timing = "before", events = "insert", for_each = "statement", new_table = "added", execute = "batch()"))]
#[table(trigger(name = "lots_stamp", timing = "after", events = "insert", execute = "batch()"))]
pub struct Lot {
    #[column(primary_key)]
    pub id: i32,
    pub qty: i32,
    #[column(sql_type = "timestamp", set_on_update)]
    pub stamp: String,
}

fn main() {}

//! A table with a declared trigger: the function it executes is declared in YAML beside it.
use tablewright::Table;

#[derive(Table)]
#[table(trigger(
    name = "lots_touch",
    timing = "before",
    events = "insert, update",
    update_of(qty),
    when = "NEW.qty IS DISTINCT FROM OLD.qty",
    execute = "touch_lot('qty')",
    comment = "Counts changes"
))]
pub struct Lot {
    #[column(primary_key)]
    pub id: i32,
    pub qty: i32,
}

fn main() {}

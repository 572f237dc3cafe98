use tablewright::Table;

#[derive(Table)]
#[table(trigger(name = "lots_touch", timing = "around", events = "update", execute = "touch()"))]
#[table(trigger(name = "lots_audit", timing = "after", events = "insert", execute = "audit", comment = "x"))]
#[table(trigger(name = "lots_log", timing = "after", events = "insert", exec = "log()"))]
pub struct Lot {
    #[column(primary_key)]
    pub id: i32,
    pub qty: i32,
}

fn main() {}

#![allow(dead_code)] // the struct declares the table; the example writes through SQL
use tablewright::Table;

/// A note the host keeps about an agent session: a reference into the library's tables.
#[derive(Table)]
#[table(name = "notes")]
pub struct Note {
    #[column(primary_key, sql_type = "bigserial")]
    pub id: i64,
    #[column(references = "agent_sessions.id", on_delete = "cascade", index)]
    pub session_id: i64,
    pub body: String,
}

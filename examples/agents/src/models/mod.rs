use tablewright::Table;

#[derive(Table)]
#[table(name = "agent_sessions", comment = "A conversation with an agent")]
pub struct Session {
    #[column(primary_key, sql_type = "bigserial")]
    pub id: i64,
    #[column(max_length = 100)]
    pub title: String,
}

#[derive(Table)]
#[table(name = "agent_messages")]
pub struct Message {
    #[column(primary_key, sql_type = "bigserial")]
    pub id: i64,
    #[column(references = "agent_sessions.id", on_delete = "cascade", index)]
    pub session_id: i64,
    pub body: String,
}

/// The scheduler's: created only for hosts that run the `scheduler` group.
#[derive(Table)]
#[table(name = "agent_schedules", group = "scheduler")]
pub struct Schedule {
    #[column(primary_key, sql_type = "bigserial")]
    pub id: i64,
    #[column(references = "agent_sessions.id", on_delete = "cascade", index)]
    pub session_id: i64,
    #[column(max_length = 50)]
    pub cron: String,
}

//! A host application that uses the agents library: at startup it runs the library's migration
//! set (and its scheduler group, with `WITH_SCHEDULER=1`) before its own, under one lock, then
//! writes a session and a note that refers to it.
//!
//! `cargo run -p agents-host` uses a SQLite file (`agents-host.db`, or the path in
//! `DATABASE_URL`); `DATABASE_URL=postgres://... cargo run -p agents-host --features postgres`
//! uses PostgreSQL.

mod models;

use diesel::prelude::*;

#[cfg(not(feature = "postgres"))]
mod database {
    pub type Connection = diesel::SqliteConnection;
    pub static MIGRATIONS: tablewright::Migrations = tablewright::embed_migrations!("migrations/sqlite");
    pub const DEFAULT_URL: Option<&str> = Some("agents-host.db");
}

#[cfg(feature = "postgres")]
mod database {
    pub type Connection = diesel::PgConnection;
    pub static MIGRATIONS: tablewright::Migrations = tablewright::embed_migrations!("migrations/postgres");
    pub const DEFAULT_URL: Option<&str> = None;
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = match (std::env::var("DATABASE_URL"), database::DEFAULT_URL) {
        (Ok(url), _) => url,
        (Err(_), Some(default)) => default.to_string(),
        (Err(_), None) => return Err("set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/agents".into()),
    };
    let mut conn = database::Connection::establish(&url)?;

    let mut migrator = tablewright::Migrator::new(&database::MIGRATIONS);
    migrator.with(&agents::MIGRATIONS);
    let scheduler = std::env::var_os("WITH_SCHEDULER").is_some();
    if scheduler {
        migrator.with(&agents::SCHEDULER);
    }
    let report = migrator.run_on(&mut conn)?;
    println!("{} migration(s) applied", report.applied.len());
    for applied in &report.applied {
        println!("  {}", applied.name);
    }

    diesel::sql_query("INSERT INTO agent_sessions (title) VALUES ('planning')").execute(&mut conn)?;
    diesel::sql_query("INSERT INTO notes (session_id, body) SELECT max(id), 'remember the milk' FROM agent_sessions")
        .execute(&mut conn)?;
    if scheduler {
        diesel::sql_query(
            "INSERT INTO agent_schedules (session_id, cron) SELECT max(id), '@daily' FROM agent_sessions",
        )
        .execute(&mut conn)?;
    }
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let notes: Count = diesel::sql_query("SELECT count(*) AS n FROM notes").get_result(&mut conn)?;
    println!("{} note(s) about agent sessions", notes.n);
    Ok(())
}

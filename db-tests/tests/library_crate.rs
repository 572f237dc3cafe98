//! A library crate that owns tables, and a host application that uses it, both outside the
//! workspace and built by a real cargo: the library declares its tables with `#[derive(Table)]`
//! (one in an optional group), its build writes its migrations for PostgreSQL, SQLite and MySQL,
//! and it embeds them as named sets. The host's table references the library's (its build reads
//! the library's table manifest through cargo's `links` metadata); the host runs the library's
//! sets and its own under one lock, on SQLite and on PostgreSQL, without one line of SQL per
//! database written by hand. Leaving the optional group out, then adding it, works on the same
//! database.

use tablewright_db_tests::{repo_root, OutsideApp, ServerDatabase};

const LIBRARY_MODELS: &str = r#"use tablewright::Table;

#[derive(Table)]
#[table(name = "agent_sessions")]
pub struct Session {
    #[column(primary_key)]
    pub id: i64,
    #[column(max_length = 100)]
    pub title: String,
}

#[derive(Table)]
#[table(name = "agent_messages")]
pub struct Message {
    #[column(primary_key)]
    pub id: i64,
    #[column(references = "agent_sessions.id", on_delete = "cascade", index)]
    pub session_id: i64,
    pub body: String,
}

#[derive(Table)]
#[table(name = "agent_schedules", group = "scheduler")]
pub struct Schedule {
    #[column(primary_key)]
    pub id: i64,
    #[column(references = "agent_sessions.id", on_delete = "cascade", index)]
    pub session_id: i64,
    #[column(max_length = 50)]
    pub cron: String,
}
"#;

const HOST_MODELS: &str = r#"use tablewright::Table;

#[derive(Table)]
#[table(name = "notes")]
pub struct Note {
    #[column(primary_key)]
    pub id: i64,
    #[column(references = "agent_sessions.id", on_delete = "cascade", index)]
    pub session_id: i64,
}
"#;

/// The host: its own migrations, the library's core set, and the scheduler group when asked.
const HOST_MAIN: &str = r#"mod models;

use diesel::prelude::*;

static MIGRATIONS: tablewright::Migrations = tablewright::embed_migrations!();

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("DATABASE_URL")?;
    let mut conn = Connection::establish(&url)?;
    let mut migrator = tablewright::Migrator::new(&MIGRATIONS);
    migrator.with(&agents::MIGRATIONS);
    if std::env::var("WITH_SCHEDULER").is_ok() {
        migrator.with(&agents::SCHEDULER);
    }
    let report = migrator.run_on::<CONNECTION>(&mut conn)?;
    for applied in &report.applied {
        println!("applied {}", applied.name);
    }
    let run: i64 = std::env::var("RUN")?.parse()?;
    diesel::sql_query(format!("INSERT INTO agent_sessions (id, title) VALUES ({run}, 'session')")).execute(&mut conn)?;
    diesel::sql_query(format!("INSERT INTO notes (id, session_id) VALUES ({run}, {run})")).execute(&mut conn)?;
    if std::env::var("WITH_SCHEDULER").is_ok() {
        diesel::sql_query(format!("INSERT INTO agent_schedules (id, session_id, cron) VALUES ({run}, {run}, '@daily')")).execute(&mut conn)?;
    }
    println!("ok");
    Ok(())
}
"#;

/// Writes the library `tw-agents` (set `agents`) next to the host.
fn library() -> OutsideApp {
    let root = repo_root().canonicalize().unwrap();
    let lib = OutsideApp::new("tw-agents");
    lib.write(
        "Cargo.toml",
        &format!(
            r#"[package]
name = "tw-agents"
version = "0.1.0"
edition = "2021"
links = "tw-agents"

[dependencies]
tablewright = {{ path = "{root}/tablewright" }}
diesel = {{ version = "2.3" }}

[build-dependencies]
tablewright-build = {{ path = "{root}/tablewright-build" }}
"#,
            root = root.display()
        ),
    );
    lib.write(
        "build.rs",
        "fn main() {\n    tablewright_build::Library::new(\"agents\")\n        .scan(\"src/models\")\n        .dialects([\n            tablewright_build::Dialect::Postgres,\n            tablewright_build::Dialect::Sqlite,\n            tablewright_build::Dialect::Mysql,\n        ])\n        .generate();\n}\n",
    );
    lib.write(
        "src/lib.rs",
        "pub mod models;\n\n/// The agents' tables, for every database the library supports.\npub static MIGRATIONS: tablewright::NamedMigrations = tablewright::embed_migrations!(set = \"agents\");\n/// The scheduler's tables: optional.\npub static SCHEDULER: tablewright::NamedMigrations =\n    tablewright::embed_migrations!(set = \"agents\", group = \"scheduler\");\n",
    );
    lib.write("src/models/mod.rs", LIBRARY_MODELS);
    lib
}

/// Writes a host for `backend` (`sqlite` or `postgres`) that depends on the library by path.
fn host(name: &str, backend: &str, lib: &OutsideApp) -> OutsideApp {
    let root = repo_root().canonicalize().unwrap();
    let (diesel, extra, connection) = match backend {
        "sqlite" => (
            r#"["sqlite", "chrono", "returning_clauses_for_sqlite_3_35"]"#,
            "libsqlite3-sys = { version = \"0.38\", features = [\"bundled\"] }\n",
            "diesel::SqliteConnection",
        ),
        _ => (r#"["postgres", "chrono"]"#, "", "diesel::PgConnection"),
    };
    let app = OutsideApp::new(name);
    app.write(
        "Cargo.toml",
        &format!(
            r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2021"

[dependencies]
tablewright = {{ path = "{root}/tablewright", features = ["{backend}"] }}
diesel = {{ version = "2.3", features = {diesel} }}
{extra}agents = {{ package = "tw-agents", path = "{lib}" }}

[build-dependencies]
tablewright-build = {{ path = "{root}/tablewright-build" }}
"#,
            root = root.display(),
            lib = lib.path().display()
        ),
    );
    app.write(
        "tablewright.toml",
        &format!("scan = [\"src/models\"]\ndialect = \"{backend}\"\n"),
    );
    app.write("build.rs", "fn main() {\n    tablewright_build::generate();\n}\n");
    app.write("src/models/mod.rs", HOST_MODELS);
    app.write(
        "src/main.rs",
        &HOST_MAIN
            .replace("Connection::establish", &format!("{connection}::establish"))
            .replace("run_on::<CONNECTION>", &format!("run_on::<{connection}>")),
    );
    app
}

/// Three starts on one database: the core only, then with the scheduler, then again.
fn starts(app: &OutsideApp, url: &str) {
    app.build().ok();
    let first = app.run(&[], &[("DATABASE_URL", url), ("RUN", "1")]).ok();
    first.assert_stdout_contains("applied agents: ");
    first.assert_stdout_contains("_create_notes");
    assert!(!first.stdout.contains("agents/scheduler"), "{first}");
    let second = app
        .run(&[], &[("DATABASE_URL", url), ("RUN", "2"), ("WITH_SCHEDULER", "1")])
        .ok();
    second.assert_stdout_contains("applied agents/scheduler: ");
    assert_eq!(second.stdout.matches("applied").count(), 1, "{second}");
    let third = app
        .run(&[], &[("DATABASE_URL", url), ("RUN", "3"), ("WITH_SCHEDULER", "1")])
        .ok();
    assert!(!third.stdout.contains("applied"), "{third}");
}

#[test]
fn a_host_runs_a_library_set_on_sqlite_and_postgres() {
    let lib = library();
    let sqlite = host("library-host-sqlite", "sqlite", &lib);
    starts(&sqlite, "app.db");
    // The library's build wrote every set for every database, each for its embedding.
    for set in ["core", "scheduler"] {
        for dialect in ["postgres", "sqlite", "mysql"] {
            let dir = lib.path().join("migrations").join(set).join(dialect);
            assert!(dir.is_dir(), "{}", dir.display());
        }
    }
    let Some(db) = ServerDatabase::postgres() else { return };
    let postgres = host("library-host-postgres", "postgres", &lib);
    starts(&postgres, &db.url);
}

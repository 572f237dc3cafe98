//! Schemas that travel with library crates, on PostgreSQL, SQLite and MariaDB/MySQL: a library
//! (`agents`) with a core set and an optional group (`agents/scheduler`), generated for every
//! database from one schema, and a host whose table references the library's. The host runs the
//! sets it uses under one lock, each recorded under its own name; leaving the group out and
//! adding it later, upgrading the library, running an older binary against a newer database and
//! editing a released migration all behave as the host's own migrations do.

use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

use diesel::query_dsl::RunQueryDsl;
use diesel::sql_types::BigInt;
use diesel::{Connection, MysqlConnection, PgConnection, QueryableByName, SqliteConnection};
use tablewright::{Database, MigrateError, Migrations, Migrator, NamedMigrations, Refusal};
use tablewright_core::dialect::Dialect;
use tablewright_core::library::{provided_tables, Library};
use tablewright_core::migrations::MigrationSet;
use tablewright_core::project::{Mode, Project};
use tablewright_db_tests::library_fixture::{HOST, LIBRARY};
use tablewright_db_tests::{tempdir, ServerDatabase, SqliteDatabase};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// A library and a host, each with its schema folder and migrations, as their builds write them.
struct Crates {
    dir: tempfile::TempDir,
    clock: u64,
}

impl Crates {
    fn new() -> Crates {
        Crates {
            dir: tempdir(),
            clock: 0,
        }
    }

    fn path(&self, relative: &str) -> std::path::PathBuf {
        self.dir.path().join(relative)
    }

    fn library(&self) -> Library {
        Library {
            name: "agents".into(),
            schema_dirs: vec![self.path("agents/schemas")],
            source_dirs: vec![],
            migrations_dir: self.path("agents/migrations"),
            dialects: Dialect::ALL.to_vec(),
        }
    }

    fn now(&mut self) -> std::time::SystemTime {
        self.clock += 60;
        UNIX_EPOCH + Duration::from_secs(1_800_000_000 + self.clock)
    }

    /// The library's build: its schema, then every set for every database, sealed as a release.
    fn build_library(&mut self, yaml: &str) {
        write(&self.path("agents/schemas/agents.yaml"), yaml);
        let library = self.library();
        let schema = library.load().unwrap_or_else(|d| panic!("{d}")).schema;
        let now = self.now();
        library
            .sync(&schema, Mode::Write, now)
            .unwrap_or_else(|e| panic!("{e}"));
        seal_all(&self.path("agents/migrations"));
        write(&self.path("agents/manifest.json"), &library.manifest(&schema));
    }

    /// The host's build for `dialect`, with the library's tables from its manifest.
    fn build_host(&mut self, dialect: Dialect) {
        write(&self.path("host/schemas/host.yaml"), HOST);
        let project = Project {
            schema_dirs: vec![self.path("host/schemas")],
            source_dirs: vec![],
            migrations_dir: self.path(&format!("host/migrations/{dialect}")),
            dialect,
        };
        let manifest = std::fs::read_to_string(self.path("agents/manifest.json")).unwrap();
        let provided = provided_tables(&manifest).unwrap();
        let schema = project.load_with(&provided).unwrap_or_else(|d| panic!("{d}")).schema;
        let now = self.now();
        project
            .sync(&schema, Mode::Write, now)
            .unwrap_or_else(|e| panic!("{e}"));
    }

    fn core(&self) -> NamedMigrations {
        NamedMigrations::from_dir("agents", &[], self.path("agents/migrations/core")).unwrap()
    }

    fn scheduler(&self) -> NamedMigrations {
        NamedMigrations::from_dir(
            "agents/scheduler",
            &["agents"],
            self.path("agents/migrations/scheduler"),
        )
        .unwrap()
    }

    fn host(&self, dialect: Dialect) -> Migrations {
        Migrations::from_dir(self.path(&format!("host/migrations/{dialect}"))).unwrap()
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Seals every generated folder under `root`, as a release of the library would have them.
fn seal_all(root: &Path) {
    for group in std::fs::read_dir(root).unwrap().flatten() {
        for dialect in std::fs::read_dir(group.path()).unwrap().flatten() {
            for folder in MigrationSet::read(&dialect.path()).unwrap().folders {
                folder.seal().unwrap();
            }
        }
    }
}

fn tables<C: Connection>(conn: &mut C, dialect: Dialect) -> Vec<String>
where
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    ["sessions", "messages", "schedules", "notes"]
        .into_iter()
        .filter(|t| {
            let sql = match dialect {
                Dialect::Sqlite => format!("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '{t}'"),
                Dialect::Postgres => format!("SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename = '{t}'"),
                Dialect::Mysql => format!("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '{t}'"),
            };
            diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n == 1
        })
        .map(str::to_string)
        .collect()
}

fn count<C: Connection>(conn: &mut C, sql: &str) -> i64
where
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n
}

fn lifecycle<C: Database>(dialect: Dialect, url: &str)
where
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    let mut crates = Crates::new();
    crates.build_library(LIBRARY);
    crates.build_host(dialect);
    let (core, scheduler, host) = (crates.core(), crates.scheduler(), crates.host(dialect));

    // The host uses the core only: its table references the library's, which come first.
    let report = Migrator::new(&host)
        .with(&core)
        .run::<C>(url)
        .unwrap_or_else(|e| panic!("{dialect}: {e}"));
    assert_eq!(report.applied.len(), 2, "{dialect}: {report:?}");
    assert!(report.applied[0].name.starts_with("agents: "), "{report:?}");
    let mut conn = C::establish(url).unwrap();
    assert_eq!(
        tables(&mut conn, dialect),
        ["sessions", "messages", "notes"],
        "{dialect}"
    );
    conn.batch_execute(
        "INSERT INTO sessions (id, title) VALUES (1, 's'); INSERT INTO notes (id, session_id) VALUES (1, 1)",
    )
    .unwrap();
    // Each set under its own name; diesel's table holds only the host's migration.
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM __diesel_schema_migrations"),
        1
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM __tablewright_ledger WHERE version LIKE 'agents:%'"
        ),
        1
    );

    // A group listed before the core it requires is refused before anything runs.
    match Migrator::new(&host).with(&scheduler).with(&core).run::<C>(url) {
        Err(MigrateError::InvalidMigrations(message)) => assert!(message.contains("requires `agents`"), "{message}"),
        other => panic!("{dialect}: {other:?}"),
    }

    // The optional group, added later: its tables arrive at the next start.
    let report = Migrator::new(&host).with(&core).with(&scheduler).run::<C>(url).unwrap();
    assert_eq!(report.applied.len(), 1, "{dialect}: {report:?}");
    assert_eq!(
        tables(&mut conn, dialect),
        ["sessions", "messages", "schedules", "notes"]
    );
    conn.batch_execute("INSERT INTO schedules (id, session_id, cron) VALUES (1, 1, '@daily')")
        .unwrap();

    // Turned off again: nothing is dropped, and the start succeeds.
    Migrator::new(&host).with(&core).run::<C>(url).unwrap();
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM schedules"),
        1,
        "{dialect}: kept"
    );

    // A library upgrade adds a column: applied at the next start.
    let v2 = LIBRARY.replace(
        "  body: { type: text }\n",
        "  body: { type: text }\n  sent_at: { type: timestamp, nullable: true }\n",
    );
    crates.build_library(&v2);
    let (core_v2, scheduler_v2) = (crates.core(), crates.scheduler());
    let report = Migrator::new(&host)
        .with(&core_v2)
        .with(&scheduler_v2)
        .run::<C>(url)
        .unwrap();
    assert_eq!(report.applied.len(), 1, "{dialect}: {report:?}");
    conn.batch_execute("UPDATE messages SET sent_at = NULL").unwrap();

    // The binary built against the older library: the database is ahead of it, for that set.
    match Migrator::new(&host).with(&core).run::<C>(url) {
        Err(MigrateError::Refused(refusals)) => match &refusals[..] {
            [Refusal::Unknown { name: Some(name), .. }] => assert!(name.starts_with("agents: "), "{name}"),
            other => panic!("{dialect}: {other:?}"),
        },
        other => panic!("{dialect}: {other:?}"),
    }
    let message = Migrator::new(&host).with(&core).run::<C>(url).unwrap_err().to_string();
    assert!(message.contains("which this binary does not know"), "{message}");

    // A released library migration edited afterwards is refused, naming the set.
    let set = MigrationSet::read(&crates.path(&format!("agents/migrations/core/{dialect}"))).unwrap();
    let up = set.folders[0].path.join("up.sql");
    std::fs::write(&up, std::fs::read_to_string(&up).unwrap() + "\n-- edited\n").unwrap();
    match Migrator::new(&host)
        .with(&crates.core())
        .with(&scheduler_v2)
        .run::<C>(url)
    {
        Err(MigrateError::Refused(refusals)) => match &refusals[..] {
            [Refusal::Tampered { name, .. }] => assert!(name.starts_with("agents: "), "{name}"),
            other => panic!("{dialect}: {other:?}"),
        },
        other => panic!("{dialect}: {other:?}"),
    }
}

#[test]
fn sqlite() {
    let db = SqliteDatabase::new();
    lifecycle::<SqliteConnection>(Dialect::Sqlite, db.path.to_str().unwrap());
}

#[test]
fn postgres() {
    let Some(db) = ServerDatabase::postgres() else { return };
    lifecycle::<PgConnection>(Dialect::Postgres, &db.url);
}

#[test]
fn mysql() {
    let Some(db) = ServerDatabase::mysql() else { return };
    lifecycle::<MysqlConnection>(Dialect::Mysql, &db.url);
}

/// A host referencing a table of the optional group is refused at build time: the group may be
/// left out. Referencing the core is fine (above).
#[test]
fn the_library_checks_where_references_go() {
    let crates = Crates::new();
    write(
        &crates.path("agents/schemas/agents.yaml"),
        &format!("{LIBRARY}---\ntable: runs\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\n  schedule_id: {{ type: bigint, references: schedules, on_delete: cascade, index: true }}\n"),
    );
    let problems = crates.library().load().unwrap_err();
    assert!(
        problems
            .to_string()
            .contains("`runs` references `schedules` of the optional group `scheduler`"),
        "{problems}"
    );
}

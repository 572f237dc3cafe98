//! `migrate status | up | down` and `diff` on a host crate that runs a library's migration sets
//! (`[[libraries]]` in its tablewright.toml), for every set and one at a time (`--set`), on real
//! PostgreSQL, SQLite and MariaDB/MySQL databases: the order and the refusals of the runtime's
//! Migrator, a group opted into or not, the database ahead of the library, and the mistakes a
//! user makes naming a set or its folder.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::{run_in, Run, TestDb};
use tablewright_core::library::{provided_tables, Library};
use tablewright_core::migrations::MigrationSet;
use tablewright_core::project::{Mode, Project};
use tablewright_core::Dialect;
use tablewright_db_tests::library_fixture::{HOST, LIBRARY};

/// A library crate (`agents`) and a host crate beside it, their migrations written as their
/// builds write them (at fixed times, so the folder names are the same on every run), sealed.
struct Crates {
    dir: tempfile::TempDir,
    dialect: Dialect,
}

impl Crates {
    fn new(dialect: Dialect) -> Crates {
        let crates = Crates {
            dir: tablewright_db_tests::tempdir(),
            dialect,
        };
        write(&crates.path("agents/schemas/agents.yaml"), LIBRARY);
        write(&crates.path("host/schemas/host.yaml"), HOST);
        let library = Library {
            name: "agents".into(),
            schema_dirs: vec![crates.path("agents/schemas")],
            source_dirs: vec![],
            migrations_dir: crates.path("agents/migrations"),
            dialects: Dialect::ALL.to_vec(),
        };
        let schema = library.load().unwrap_or_else(|d| panic!("{d}")).schema;
        library
            .sync(&schema, Mode::Write, at(0))
            .unwrap_or_else(|e| panic!("{e}"));
        let host = Project {
            schema_dirs: vec![crates.path("host/schemas")],
            source_dirs: vec![],
            migrations_dir: crates.path(&format!("host/migrations/{dialect}")),
            dialect,
        };
        let provided = provided_tables(&library.manifest(&schema)).unwrap();
        let host_schema = host.load_with(&provided).unwrap_or_else(|d| panic!("{d}")).schema;
        host.sync(&host_schema, Mode::Write, at(60))
            .unwrap_or_else(|e| panic!("{e}"));
        for set in [
            "agents/migrations/core",
            "agents/migrations/scheduler",
            "host/migrations",
        ] {
            seal_all(&crates.path(set));
        }
        crates
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// The host's tablewright.toml, opting into `groups` of the library.
    fn configure(&self, groups: &[&str]) {
        self.configure_library(&format!("groups = {groups:?}"));
    }

    /// The host's tablewright.toml, with `extra` lines in its [[libraries]] entry.
    fn configure_library(&self, extra: &str) {
        write(
            &self.path("host/tablewright.toml"),
            &format!(
                "schemas = [\"schemas\"]\nmigrations = \"migrations/{}\"\n\n[[libraries]]\nname = \"agents\"\nmigrations = \"../agents/migrations\"\n{extra}\n",
                self.dialect
            ),
        );
    }

    /// `tablewright ARGS` in the host's folder.
    fn run(&self, db: &TestDb, args: &[&str]) -> Run {
        run_in(&self.path("host"), Some(&db.url), args)
    }

    /// The host's only migration.
    fn notes_migration(&self) -> String {
        let set = MigrationSet::read(&self.path(&format!("host/migrations/{}", self.dialect))).unwrap();
        set.folders[0].name.clone()
    }
}

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_800_000_000 + seconds)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Seals every generated folder of every `<dialect>/` under `root`, as a release has them.
fn seal_all(root: &Path) {
    for dialect in std::fs::read_dir(root).unwrap().flatten() {
        for folder in MigrationSet::read(&dialect.path()).unwrap().folders {
            folder.seal().unwrap();
        }
    }
}

/// Output that is the same on every database and run: times and the dialect's folder replaced.
fn redact(text: &str, dialect: Dialect) -> String {
    let text = text.replace(&format!("/{dialect}"), "/<dialect>");
    let mut out = String::new();
    let mut rest = text.as_str();
    while !rest.is_empty() {
        if rest.len() >= 19 && is_timestamp(&rest.as_bytes()[..19]) {
            out.push_str("YYYY-MM-DD hh:mm:ss");
            rest = &rest[19..];
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

fn is_timestamp(bytes: &[u8]) -> bool {
    bytes.iter().zip(b"dddd-dd-dd dd:dd:dd").all(|(b, p)| match p {
        b'd' => b.is_ascii_digit(),
        p => b == p,
    })
}

fn tables(db: &TestDb) -> Vec<&'static str> {
    ["sessions", "messages", "schedules", "notes"]
        .into_iter()
        .filter(|t| {
            let sql = match db.dialect {
                Dialect::Sqlite => format!("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '{t}'"),
                Dialect::Postgres => format!("SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename = '{t}'"),
                Dialect::Mysql => format!("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '{t}'"),
            };
            db.count(&sql) == 1
        })
        .collect()
}

#[test]
fn postgres_sets() {
    let Some(db) = TestDb::postgres() else { return };
    every_set_and_one_at_a_time(&db);
}

#[test]
fn sqlite_sets() {
    every_set_and_one_at_a_time(&TestDb::sqlite());
}

#[test]
fn mariadb_sets() {
    let Some(db) = TestDb::mysql() else { return };
    every_set_and_one_at_a_time(&db);
}

fn every_set_and_one_at_a_time(db: &TestDb) {
    let dialect = db.dialect;
    let crates = Crates::new(dialect);
    crates.configure(&[]);
    let notes = crates.notes_migration();

    // Every set, in the order the application runs them: the library's core, then the host's.
    let status = crates.run(db, &["migrate", "status"]).expect(0);
    insta::assert_snapshot!("status_pending", redact(&status.stdout, dialect));

    // The host's set alone waits for the library's, and says what to run.
    crates
        .run(db, &["migrate", "up", "--set", "app"])
        .expect(2)
        .assert_contains("the migration set `app` requires `agents`, which has 1 migration(s) not applied yet")
        .assert_contains("`tablewright migrate up --set agents`");
    assert_eq!(tables(db), Vec::<&str>::new(), "{dialect}");
    let up = crates.run(db, &["migrate", "up", "--set", "agents"]).expect(0);
    up.assert_contains("applied agents: ")
        .assert_contains("1 applied, 0 already applied before");
    assert_eq!(tables(db), ["sessions", "messages"], "{dialect}");
    crates
        .run(db, &["migrate", "up"])
        .expect(0)
        .assert_contains(&format!("applied {notes}"))
        .assert_contains("1 applied, 1 already applied before");
    assert_eq!(tables(db), ["sessions", "messages", "notes"], "{dialect}");
    let status = crates.run(db, &["migrate", "status"]).expect(0);
    insta::assert_snapshot!("status_applied", redact(&status.stdout, dialect));
    let json = crates
        .run(db, &["migrate", "status", "--set", "agents", "--format", "json"])
        .expect(0)
        .json();
    assert_eq!(json["sets"], serde_json::json!(["agents"]), "{json:#}");
    let rows = json["migrations"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{json:#}");
    assert_eq!(
        (rows[0]["set"].as_str(), rows[0]["state"].as_str()),
        (Some("agents"), Some("applied"))
    );
    assert_eq!(rows[0]["checksum"], "ok");

    // diff compares the database with every set's tables, or one set's.
    crates
        .run(db, &["diff"])
        .expect(0)
        .assert_contains("no drift: the database matches the schema (3 table(s))");
    crates
        .run(db, &["diff", "--set", "agents"])
        .expect(0)
        .assert_contains("(2 table(s) of the set `agents`)");
    db.execute("ALTER TABLE sessions ADD COLUMN extra INTEGER");
    crates
        .run(db, &["diff"])
        .expect(1)
        .assert_contains("sessions")
        .assert_contains("extra");
    crates
        .run(db, &["diff", "--set", "agents"])
        .expect(1)
        .assert_contains("extra");
    crates
        .run(db, &["diff", "--set", "app"])
        .expect(0)
        .assert_contains("(1 table(s) of the set `app`)");
    db.execute("ALTER TABLE sessions DROP COLUMN extra");

    // Down does not guess between sets, nor revert what a later set's migration may use.
    crates
        .run(db, &["migrate", "down"])
        .expect(2)
        .assert_contains("several migration sets have applied migrations")
        .assert_contains(&format!("app: {notes}"))
        .assert_contains("--set");
    crates
        .run(db, &["migrate", "down", "--set", "agents"])
        .expect(2)
        .assert_contains("refusing to revert")
        .assert_contains("the migration set `app` requires `agents`")
        .assert_contains("`tablewright migrate down --set app`");
    assert_eq!(tables(db), ["sessions", "messages", "notes"], "{dialect}");
    crates
        .run(db, &["migrate", "down", "--set", "app"])
        .expect(0)
        .assert_contains(&format!("reverted {notes}"));
    crates
        .run(db, &["migrate", "down", "--set", "agents"])
        .expect(0)
        .assert_contains("reverted agents: ");
    assert_eq!(tables(db), Vec::<&str>::new(), "{dialect}");
    crates
        .run(db, &["migrate", "down", "--set", "agents"])
        .expect(0)
        .assert_contains("nothing to revert: no migration of the set `agents` is applied");

    // Opting into the group: it runs after the core, before the host's set.
    crates.configure(&["scheduler"]);
    crates
        .run(db, &["migrate", "up", "--set", "agents/scheduler"])
        .expect(2)
        .assert_contains("the migration set `agents/scheduler` requires `agents`");
    let up = crates.run(db, &["migrate", "up"]).expect(0);
    let order: Vec<usize> = [
        "applied agents: ",
        "applied agents/scheduler: ",
        &format!("applied {notes}"),
    ]
    .iter()
    .map(|line| {
        up.stdout
            .find(line)
            .unwrap_or_else(|| panic!("{line} in {}", up.stdout))
    })
    .collect();
    assert!(order.is_sorted(), "{}", up.stdout);
    assert_eq!(tables(db), ["sessions", "messages", "schedules", "notes"], "{dialect}");
    let status = crates.run(db, &["migrate", "status"]).expect(0);
    insta::assert_snapshot!("status_with_group", redact(&status.stdout, dialect));
    // The host's tables do not reference the group's: the group is reverted alone.
    crates
        .run(db, &["migrate", "down", "--set", "agents/scheduler"])
        .expect(0)
        .assert_contains("reverted agents/scheduler: ");
    assert_eq!(tables(db), ["sessions", "messages", "notes"], "{dialect}");
    crates
        .run(db, &["migrate", "up", "--set", "agents/scheduler"])
        .expect(0);

    // Leaving the group out again: its migrations stay, and status names the set.
    crates.configure(&[]);
    crates
        .run(db, &["migrate", "status"])
        .expect(0)
        .assert_contains("the database also has migrations of set(s) this project does not run: agents/scheduler");
    crates
        .run(db, &["migrate", "up"])
        .expect(0)
        .assert_contains("nothing to apply: 2 migration(s) already applied");

    // A newer version of the library applied a migration this copy does not have.
    db.execute("INSERT INTO __tablewright_ledger (version, name, checksum, tool_version) VALUES ('agents:29990101000000', '29990101000000_add_archive', 'x', '0')");
    let status = crates.run(db, &["migrate", "status", "--set", "agents"]).expect(0);
    insta::assert_snapshot!("status_ahead", redact(&status.stdout, dialect));
    crates
        .run(db, &["migrate", "up"])
        .expect(2)
        .assert_contains("the database has migration agents: 29990101000000, which this binary does not know");
}

#[test]
fn naming_mistakes_say_what_to_write() {
    let db = TestDb::sqlite();
    let crates = Crates::new(Dialect::Sqlite);
    crates.configure(&[]);
    let error = |args: &[&str]| crates.run(&db, args).expect(2).stderr;

    insta::assert_snapshot!(
        "unknown_sets",
        [
            error(&["migrate", "status", "--set", "agnets"]),
            error(&["migrate", "up", "--set", "billing"]),
            error(&["migrate", "down", "--set", "agents/scheduler"]),
            error(&["diff", "--set", "agents/archive"]),
            error(&["migrate", "status", "--set", "agents/sheduler"]),
        ]
        .join("\n")
        .replace(&crates.path("host").display().to_string(), "<host>")
    );

    // --to is a version of one set.
    crates
        .run(&db, &["migrate", "up", "--to", "20270115080000"])
        .expect(2)
        .assert_contains("--to 20270115080000 names a version of one migration set, and there are several: agents, app")
        .assert_contains("--set app --to 20270115080000");
    crates
        .run(&db, &["migrate", "up", "--set", "agents", "--to", "20270115080000"])
        .expect(0)
        .assert_contains("applied agents: 20270115080000_create_messages_sessions");

    crates.configure_library("groups = [\"schedular\"]");
    crates
        .run(&db, &["migrate", "status"])
        .expect(2)
        .assert_contains("the migration set `agents/schedular` has no folder ../agents/migrations/schedular")
        .assert_contains("did you mean `scheduler`? its groups are: scheduler");
    crates.configure_library("requires = [\"billing\"]");
    crates
        .run(&db, &["migrate", "status"])
        .expect(2)
        .assert_contains("the library `agents` requires `billing`, which is not listed in `libraries`")
        .assert_contains("tablewright.toml:4:1");
    write(
        &crates.path("host/tablewright.toml"),
        "migrations = \"migrations/sqlite\"\n\n[[libraries]]\nname = \"agents\"\nmigrations = \"../agent/migrations\"\n",
    );
    crates
        .run(&db, &["migrate", "up"])
        .expect(2)
        .assert_contains("the migrations of the library `agents` are not at ../agent/migrations")
        .assert_contains("tablewright.toml:3)");
    std::fs::remove_dir_all(crates.path("agents/migrations/core/sqlite")).unwrap();
    crates.configure(&[]);
    crates
        .run(&db, &["migrate", "status"])
        .expect(2)
        .assert_contains("the migration set `agents` has no migrations for sqlite");
    // Without [[libraries]], the crate's own set is the only one.
    write(
        &crates.path("host/tablewright.toml"),
        "migrations = \"migrations/sqlite\"\n",
    );
    crates
        .run(&db, &["migrate", "status", "--set", "agents"])
        .expect(2)
        .assert_contains("lists no [[libraries]], so `app` (this crate's own migrations) is the only set");
    crates.run(&db, &["migrate", "status", "--set", "app"]).expect(0);
}

/// A [[libraries]] entry without `migrations`: the dependency's folder, found by cargo.
#[test]
fn a_dependency_s_migrations_are_found_by_cargo() {
    let db = TestDb::sqlite();
    let crates = Crates::new(Dialect::Sqlite);
    let package = |dir: &str, name: &str, dependencies: &str, target: &str| {
        write(
            &crates.path(&format!("{dir}/Cargo.toml")),
            &format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n{dependencies}\n[workspace]\n"),
        );
        write(&crates.path(&format!("{dir}/src/{target}")), "");
    };
    package("agents", "agents", "", "lib.rs");
    package("host", "host", "agents = { path = \"../agents\" }\n", "main.rs");
    write(
        &crates.path("host/tablewright.toml"),
        "migrations = \"migrations/sqlite\"\n\n[[libraries]]\nname = \"agents\"\n",
    );
    crates
        .run(&db, &["migrate", "up"])
        .expect(0)
        .assert_contains("applied agents: 20270115080000_create_messages_sessions");
    let status = crates.run(&db, &["migrate", "status"]).expect(0);
    status.assert_contains(&format!(
        "set agents ({})",
        crates.path("agents/migrations/core/sqlite").display()
    ));

    // Not a dependency: say what to write.
    package("host", "host", "", "main.rs");
    crates
        .run(&db, &["migrate", "status"])
        .expect(2)
        .assert_contains("where are the migrations of the library `agents`?")
        .assert_contains("no package named `agents` among the crate's dependencies")
        .assert_contains("add `migrations = \"../agents/migrations\"`");
}

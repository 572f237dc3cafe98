//! Startup migration under stress, with real OS processes (`tw-startup`) on real databases:
//! 16 instances starting at the same instant, instances killed with SIGKILL mid-run, a lock
//! holder that dies, a waiter that times out, and edited, missing and unknown migrations.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel::{MysqlConnection, PgConnection, SqliteConnection};
use tablewright::introspect::{mysql_catalog, postgres_catalog, sqlite_catalog, Catalog};
use tablewright_db_tests::{ServerDatabase, SqliteDatabase};

/// A database under test: its backend name for `tw-startup`, its URL, and what keeps it alive.
struct Target {
    backend: &'static str,
    url: String,
    _server: Option<ServerDatabase>,
    _file: Option<SqliteDatabase>,
}

fn target(backend: &'static str) -> Option<Target> {
    match backend {
        "postgres" => ServerDatabase::postgres().map(|db| Target {
            backend,
            url: db.url.clone(),
            _server: Some(db),
            _file: None,
        }),
        "mysql" => ServerDatabase::mysql().map(|db| Target {
            backend,
            url: db.url.clone(),
            _server: Some(db),
            _file: None,
        }),
        _ => {
            let file = SqliteDatabase::new();
            Some(Target {
                backend,
                url: file.path.to_str().unwrap().to_string(),
                _server: None,
                _file: Some(file),
            })
        }
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

impl Target {
    fn count(&self, sql: &str) -> i64 {
        let query = diesel::sql_query(sql);
        match self.backend {
            "postgres" => query.get_result::<Count>(&mut PgConnection::establish(&self.url).unwrap()),
            "mysql" => query.get_result::<Count>(&mut MysqlConnection::establish(&self.url).unwrap()),
            _ => query.get_result::<Count>(&mut SqliteConnection::establish(&self.url).unwrap()),
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
    }

    /// A count, or 0 when the table does not exist yet (killed before creating it).
    fn count_or_zero(&self, sql: &str) -> i64 {
        let query = diesel::sql_query(sql);
        match self.backend {
            "postgres" => query.get_result::<Count>(&mut PgConnection::establish(&self.url).unwrap()),
            "mysql" => query.get_result::<Count>(&mut MysqlConnection::establish(&self.url).unwrap()),
            _ => query.get_result::<Count>(&mut SqliteConnection::establish(&self.url).unwrap()),
        }
        .map(|c| c.n)
        .unwrap_or(0)
    }

    fn catalog(&self) -> Catalog {
        match self.backend {
            "postgres" => postgres_catalog(&mut PgConnection::establish(&self.url).unwrap()),
            "mysql" => mysql_catalog(&mut MysqlConnection::establish(&self.url).unwrap()),
            _ => sqlite_catalog(&mut SqliteConnection::establish(&self.url).unwrap()),
        }
        .unwrap()
    }

    fn spawn(&self, migrations: &Path, env: &[(&str, String)]) -> Child {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tw-startup"));
        command
            .args([self.backend, &self.url, migrations.to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        command.spawn().unwrap()
    }

    fn start(&self, migrations: &Path, env: &[(&str, String)]) -> Output {
        self.spawn(migrations, env).wait_with_output().unwrap()
    }
}

fn stdout(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Writes migration folders: (name, up, down, run_in_transaction).
fn write_migrations(dir: &Path, migrations: &[(&str, String, &str, bool)]) {
    for (name, up, down, transactional) in migrations {
        let folder = dir.join(name);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("up.sql"), up).unwrap();
        std::fs::write(folder.join("down.sql"), down).unwrap();
        std::fs::write(
            folder.join("metadata.toml"),
            format!("run_in_transaction = {transactional}\n"),
        )
        .unwrap();
    }
}

/// Five statements write one row each to `applied_log`, in a transactional and in a
/// non-transactional migration; a sixth table-changing migration follows.
fn race_migrations(backend: &str) -> Vec<(&'static str, String, &'static str, bool)> {
    let concurrent_index = if backend == "postgres" {
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_items_name ON items (name);"
    } else {
        "CREATE INDEX idx_items_name ON items (name);"
    };
    vec![
        ("20250101000001_create", "CREATE TABLE applied_log (source VARCHAR(40) NOT NULL);\nCREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL);".into(), "DROP TABLE items; DROP TABLE applied_log;", true),
        ("20250101000002_insert", "INSERT INTO applied_log (source) VALUES ('t1');\nINSERT INTO applied_log (source) VALUES ('t2');".into(), "DELETE FROM applied_log WHERE source LIKE 't%';", true),
        (
            "20250101000003_outside_transaction",
            format!("INSERT INTO applied_log (source) VALUES ('n1');\nINSERT INTO applied_log (source) VALUES ('n2');\n{concurrent_index}\nINSERT INTO applied_log (source) VALUES ('n3');"),
            "DROP INDEX idx_items_name;",
            false,
        ),
        ("20250101000004_alter", "ALTER TABLE items ADD COLUMN note VARCHAR(40);\nCREATE INDEX idx_items_note ON items (note);".into(), "", true),
    ]
}

fn now_millis() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64
}

/// 16 processes, started at the same instant on a fresh database, 10 times.
fn race(backend: &'static str) {
    let dir = tablewright_db_tests::tempdir();
    write_migrations(dir.path(), &race_migrations(backend));
    for round in 0..10 {
        let Some(db) = target(backend) else { return };
        let start_at = now_millis() + 400;
        let children: Vec<Child> = (0..16)
            .map(|_| db.spawn(dir.path(), &[("TW_START_AT", start_at.to_string())]))
            .collect();
        let outputs: Vec<Output> = children.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
        let applied: i64 = outputs
            .iter()
            .map(|o| {
                let text = stdout(o);
                assert!(
                    o.status.success(),
                    "{backend} round {round}: an instance failed to start:\n{text}"
                );
                text.trim()
                    .strip_prefix("applied ")
                    .and_then(|n| n.parse::<i64>().ok())
                    .unwrap_or_else(|| panic!("{text}"))
            })
            .sum();
        assert_eq!(
            applied, 4,
            "{backend} round {round}: every migration applied by exactly one instance"
        );
        assert_eq!(
            db.count("SELECT COUNT(*) AS n FROM applied_log"),
            5,
            "{backend} round {round}: every insert ran exactly once"
        );
        assert_eq!(db.count("SELECT COUNT(*) AS n FROM __diesel_schema_migrations"), 4);
        assert_eq!(db.count("SELECT COUNT(*) AS n FROM __tablewright_ledger"), 4);
        assert_eq!(db.count("SELECT COUNT(*) AS n FROM __tablewright_progress"), 0);
    }
}

#[test]
fn sixteen_instances_start_at_once_on_postgres() {
    race("postgres");
}

#[test]
fn sixteen_instances_start_at_once_on_mysql() {
    race("mysql");
}

#[test]
fn sixteen_instances_start_at_once_on_sqlite() {
    race("sqlite");
}

/// The race migrations plus a slow bulk insert and what follows it.
fn kill_migrations(backend: &str) -> Vec<(&'static str, String, &'static str, bool)> {
    let bulk = match backend {
        "postgres" => "INSERT INTO items (id, name) SELECT g, 'item ' || g FROM generate_series(1, 150000) g;",
        // MariaDB stops recursive CTEs at 1000 iterations: cross five digit tables instead.
        "mysql" => concat!(
            "INSERT INTO items (id, name) SELECT n, CONCAT('item ', n) FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 1 AS n FROM ",
            "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a, ",
            "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b, ",
            "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) c, ",
            "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) e, ",
            "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) f) digits;"
        ),
        _ => "WITH RECURSIVE s (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 150000) INSERT INTO items (id, name) SELECT n, 'item ' || n FROM s;",
    };
    let mut migrations = race_migrations(backend);
    // Pauses inside the non-transactional migration, so kills land between its statements too.
    let pause = match backend {
        "postgres" => "SELECT pg_sleep(0.15);",
        "mysql" => "SELECT SLEEP(0.15);",
        _ => "",
    };
    migrations[2].1 = migrations[2].1.replace(
        "\nINSERT INTO applied_log (source) VALUES ('n2');",
        &format!("\n{pause}\nINSERT INTO applied_log (source) VALUES ('n2');\n{pause}"),
    );
    migrations.push(("20250101000005_bulk", bulk.into(), "DELETE FROM items;", true));
    migrations.push((
        "20250101000006_after_bulk",
        "CREATE INDEX idx_items_id_name ON items (id, name);\nINSERT INTO applied_log (source) VALUES ('after');"
            .into(),
        "",
        backend != "postgres",
    ));
    migrations
}

/// Kills an instance at random points of a run; the next start must complete and leave exactly
/// what a clean run leaves.
fn killed_mid_run(backend: &'static str) {
    let dir = tablewright_db_tests::tempdir();
    write_migrations(dir.path(), &kill_migrations(backend));
    let Some(clean) = target(backend) else { return };
    let started = Instant::now();
    let output = clean.start(dir.path(), &[]);
    let clean_duration = started.elapsed();
    assert!(output.status.success(), "{}", stdout(&output));
    let expected_catalog = clean.catalog();
    let expected_rows = (
        clean.count("SELECT COUNT(*) AS n FROM applied_log"),
        clean.count("SELECT COUNT(*) AS n FROM items"),
    );

    // Kill points spread over a clean run's duration, with jitter.
    let mut seed = now_millis() | 1;
    let mut caught_mid_run = 0;
    for (round, fraction) in [0.1, 0.25, 0.4, 0.55, 0.7, 0.85].into_iter().enumerate() {
        let Some(db) = target(backend) else { return };
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let jitter = (seed % 100) as f64 / 1000.0;
        let delay = clean_duration.mul_f64(fraction + jitter);
        let mut child = db.spawn(dir.path(), &[]);
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let recorded = db.count_or_zero("SELECT COUNT(*) AS n FROM __diesel_schema_migrations");
        if recorded < 6 {
            caught_mid_run += 1;
        }
        let statements_done = db.count_or_zero("SELECT COUNT(*) AS n FROM __tablewright_progress");
        eprintln!("{backend} round {round}: killed after {delay:?}, {recorded} of 6 migrations recorded, {statements_done} statements of an unfinished one");
        let output = db.start(dir.path(), &[]);
        assert!(
            output.status.success(),
            "{backend} round {round} (killed after {delay:?}): restart failed:\n{}",
            stdout(&output)
        );
        assert_eq!(
            db.catalog(),
            expected_catalog,
            "{backend} round {round} (killed after {delay:?}): schema differs from a clean run's"
        );
        let rows = (
            db.count("SELECT COUNT(*) AS n FROM applied_log"),
            db.count("SELECT COUNT(*) AS n FROM items"),
        );
        assert_eq!(
            rows, expected_rows,
            "{backend} round {round} (killed after {delay:?}): rows differ from a clean run's"
        );
        if backend == "postgres" {
            assert_eq!(
                db.count("SELECT COUNT(*) AS n FROM pg_index WHERE NOT indisvalid"),
                0,
                "no invalid index left behind"
            );
        }
    }
    assert!(
        caught_mid_run >= 3,
        "{backend}: only {caught_mid_run} of 6 kills landed before the run finished"
    );
}

#[test]
fn killed_instances_leave_a_schema_the_next_start_completes_on_postgres() {
    killed_mid_run("postgres");
}

#[test]
fn killed_instances_leave_a_schema_the_next_start_completes_on_mysql() {
    killed_mid_run("mysql");
}

#[test]
fn killed_instances_leave_a_schema_the_next_start_completes_on_sqlite() {
    killed_mid_run("sqlite");
}

/// A migration that holds the lock for a long time.
fn sleeper(backend: &str) -> String {
    match backend {
        "postgres" => "SELECT pg_sleep(30);".into(),
        _ => "SELECT SLEEP(30);".into(),
    }
}

fn holder_dies_and_waiter_times_out(backend: &'static str) {
    let Some(db) = target(backend) else { return };
    let slow = tablewright_db_tests::tempdir();
    write_migrations(slow.path(), &[("20250101000001_slow", sleeper(backend), "", true)]);
    let fast = tablewright_db_tests::tempdir();
    write_migrations(
        fast.path(),
        &[(
            "20250101000001_create",
            "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY);".into(),
            "DROP TABLE t;",
            true,
        )],
    );

    let mut holder = db.spawn(slow.path(), &[]);
    std::thread::sleep(Duration::from_millis(1500)); // it is in its slow migration by now

    let started = Instant::now();
    let waiter = db.start(fast.path(), &[("TW_LOCK_TIMEOUT_MS", "1000".into())]);
    let text = stdout(&waiter);
    assert_eq!(waiter.status.code(), Some(1), "{text}");
    assert!(
        text.contains("for the migration lock, which another process still holds"),
        "{text}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the waiter gave up after its timeout"
    );

    holder.kill().unwrap(); // SIGKILL: the session ends, the lock goes with it
    holder.wait().unwrap();
    let started = Instant::now();
    let next = db.start(fast.path(), &[("TW_LOCK_TIMEOUT_MS", "20000".into())]);
    assert!(next.status.success(), "{}", stdout(&next));
    assert!(started.elapsed() < Duration::from_secs(15));
    assert_eq!(
        db.count("SELECT COUNT(*) AS n FROM __diesel_schema_migrations"),
        1,
        "the killed slow migration was never recorded"
    );
}

#[test]
fn a_dead_lock_holder_releases_the_lock_on_postgres() {
    holder_dies_and_waiter_times_out("postgres");
}

#[test]
fn a_dead_lock_holder_releases_the_lock_on_mysql() {
    holder_dies_and_waiter_times_out("mysql");
}

/// SQLite's lock is the database file's write lock: a waiter gives up after the busy timeout.
#[test]
fn a_sqlite_waiter_times_out_while_another_connection_writes() {
    let Some(db) = target("sqlite") else { return };
    let fast = tablewright_db_tests::tempdir();
    write_migrations(
        fast.path(),
        &[(
            "20250101000001_create",
            "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY);".into(),
            "DROP TABLE t;",
            true,
        )],
    );
    let mut holder = SqliteConnection::establish(&db.url).unwrap();
    diesel::sql_query("BEGIN IMMEDIATE").execute(&mut holder).unwrap();
    let waiter = db.start(fast.path(), &[("TW_LOCK_TIMEOUT_MS", "800".into())]);
    let text = stdout(&waiter);
    assert_eq!(waiter.status.code(), Some(1), "{text}");
    assert!(text.contains("for the migration lock"), "{text}");
    diesel::sql_query("ROLLBACK").execute(&mut holder).unwrap();
    assert!(db.start(fast.path(), &[]).status.success());
}

/// Edited, missing and unknown migrations, each refused with its own message and way out.
fn refusals(backend: &'static str) {
    let Some(db) = target(backend) else { return };
    let dir = tablewright_db_tests::tempdir();
    let first = (
        "20250101000001_create",
        "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY);".to_string(),
        "DROP TABLE t;",
        true,
    );
    let second = (
        "20250101000002_more",
        "CREATE TABLE u (id INTEGER NOT NULL PRIMARY KEY);".to_string(),
        "DROP TABLE u;",
        true,
    );
    write_migrations(dir.path(), &[first.clone(), second.clone()]);
    assert!(db.start(dir.path(), &[]).status.success());

    // Tampered: an applied migration edited afterwards (whitespace alone does not count).
    let up = dir.path().join("20250101000001_create/up.sql");
    std::fs::write(&up, "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY);   \r\n\r\n").unwrap();
    assert!(
        db.start(dir.path(), &[]).status.success(),
        "trailing whitespace is not an edit"
    );
    std::fs::write(&up, "CREATE TABLE t (id BIGINT NOT NULL PRIMARY KEY);").unwrap();
    let text = stdout(&db.start(dir.path(), &[]));
    assert!(
        text.contains("migration 20250101000001_create was edited after it was applied"),
        "{text}"
    );
    assert!(text.contains("tablewright restamp 20250101000001"), "{text}");
    std::fs::write(&up, &first.1).unwrap();

    // Missing: an applied migration no longer shipped, older than the newest one.
    std::fs::rename(
        dir.path().join("20250101000001_create"),
        dir.path().join("..").join(format!("{}_moved", backend)),
    )
    .ok();
    let moved = dir.path().join("..").join(format!("{backend}_moved"));
    let text = stdout(&db.start(dir.path(), &[]));
    assert!(
        text.contains("migration 20250101000001 is applied but no longer in this binary"),
        "{text}"
    );
    std::fs::rename(&moved, dir.path().join("20250101000001_create")).unwrap();

    // Unknown: the database is ahead of the binary (a rollback deploy).
    std::fs::remove_dir_all(dir.path().join("20250101000002_more")).unwrap();
    let text = stdout(&db.start(dir.path(), &[]));
    assert!(
        text.contains("the database has migration 20250101000002, which this binary does not know"),
        "{text}"
    );
    assert!(text.contains("allow_unknown_applied(true)"), "{text}");
    let allowed = db.start(dir.path(), &[("TW_ALLOW_UNKNOWN", "1".into())]);
    assert!(allowed.status.success(), "tolerated when allowed: {}", stdout(&allowed));
}

#[test]
fn edited_missing_and_unknown_migrations_are_refused_on_postgres() {
    refusals("postgres");
}

#[test]
fn edited_missing_and_unknown_migrations_are_refused_on_mysql() {
    refusals("mysql");
}

#[test]
fn edited_missing_and_unknown_migrations_are_refused_on_sqlite() {
    refusals("sqlite");
}

/// Names of the invalid indexes left by an interrupted CREATE INDEX CONCURRENTLY (PostgreSQL).
#[allow(dead_code)]
fn invalid_indexes(url: &str) -> Vec<String> {
    diesel::sql_query(
        "SELECT c.relname::text AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE NOT i.indisvalid",
    )
    .load::<Name>(&mut PgConnection::establish(url).unwrap())
    .unwrap()
    .into_iter()
    .map(|n| n.name)
    .collect()
}

/// A migration that cannot get its lock within its `lock_timeout` (a long query holds the table)
/// is retried instead of failing the start, and goes through once the table is free.
#[test]
fn a_lock_timeout_is_retried_on_postgres() {
    let Some(db) = target("postgres") else { return };
    let dir = tablewright_db_tests::tempdir();
    write_migrations(
        dir.path(),
        &[(
            "20250101000001_create",
            "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY);".into(),
            "DROP TABLE t;",
            true,
        )],
    );
    assert!(db.start(dir.path(), &[]).status.success());
    write_migrations(
        dir.path(),
        &[(
            "20250101000002_alter",
            "SET LOCAL lock_timeout = '1s';\nALTER TABLE t ADD COLUMN note TEXT;".into(),
            "ALTER TABLE t DROP COLUMN note;",
            true,
        )],
    );

    // A reader holds the table (ACCESS SHARE) for 2.5 seconds: the ALTER's ACCESS EXCLUSIVE waits.
    let url = db.url.clone();
    let reader = std::thread::spawn(move || {
        let mut conn = PgConnection::establish(&url).unwrap();
        conn.transaction::<_, diesel::result::Error, _>(|conn| {
            diesel::sql_query("SELECT count(*) AS n FROM t").get_result::<Count>(conn)?;
            std::thread::sleep(Duration::from_millis(2500));
            Ok(())
        })
        .unwrap();
    });
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let output = db.start(dir.path(), &[]);
    reader.join().unwrap();
    assert!(output.status.success(), "{}", stdout(&output));
    assert_eq!(stdout(&output).trim(), "applied 1");
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "it waited for the reader, retrying"
    );
    assert_eq!(
        db.count(
            "SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_name = 't' AND column_name = 'note'"
        ),
        1
    );
}

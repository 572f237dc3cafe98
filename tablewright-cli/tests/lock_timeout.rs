//! `migrate up --lock-timeout`: while another session holds the migration lock (PostgreSQL's
//! advisory lock, MySQL's GET_LOCK, SQLite's write lock), the command gives up after the time
//! it was given, says so naming `--lock-timeout` (not the library's `Migrator::lock_timeout`),
//! applies nothing, and applies everything once the lock is released.

mod common;

use std::time::{Duration, Instant};

use common::{Project, TestDb};
use diesel::connection::SimpleConnection;
use diesel::{Connection, MysqlConnection, PgConnection, SqliteConnection};
use tablewright_core::Dialect;

/// A session holding the migration lock the way a migrating process does; dropping it ends the
/// session, which releases the lock.
fn hold_lock(db: &TestDb) -> Box<dyn std::any::Any> {
    match db.dialect {
        Dialect::Postgres => {
            let mut conn = PgConnection::establish(&db.url).unwrap();
            // The migrator's advisory lock key: "twmigrat" as a big-endian i64.
            let key = i64::from_be_bytes(*b"twmigrat");
            conn.batch_execute(&format!("SELECT pg_advisory_lock({key})")).unwrap();
            Box::new(conn)
        }
        Dialect::Mysql => {
            let mut conn = MysqlConnection::establish(&db.url).unwrap();
            conn.batch_execute("DO GET_LOCK(LEFT(CONCAT('tablewright:', DATABASE()), 64), 5)")
                .unwrap();
            Box::new(conn)
        }
        Dialect::Sqlite => {
            let path = db.url.strip_prefix("sqlite://").unwrap();
            let mut conn = SqliteConnection::establish(path).unwrap();
            conn.batch_execute("BEGIN IMMEDIATE").unwrap();
            Box::new(conn)
        }
    }
}

fn gives_up_after_the_given_time(db: &TestDb) {
    let project = Project::new("warehouse/v1");
    project
        .run(None, &["generate", "--dialect", db.dialect.name()])
        .expect(0);
    let first = project.migrations().remove(0);

    let holder = hold_lock(db);
    let started = Instant::now();
    let run = project
        .run(Some(db), &["migrate", "up", "--lock-timeout", "2s"])
        .expect(2);
    let took = started.elapsed();
    run.assert_contains("for the migration lock, which another process still holds")
        .assert_contains("wait longer with --lock-timeout");
    assert!(
        !run.text().contains("Migrator::lock_timeout"),
        "the CLI names its own flag:\n{}",
        run.text()
    );
    // It waited for the lock, and not for the default 60 s.
    assert!(took >= Duration::from_secs(2), "gave up after {took:?}");
    assert!(took < Duration::from_secs(20), "gave up after {took:?}, not about 2 s");
    assert!(!run.text().contains(&format!("applied {first}")), "{}", run.text());

    drop(holder);
    project
        .run(Some(db), &["migrate", "up", "--lock-timeout", "2s"])
        .expect(0)
        .assert_contains(&format!("applied {first}"));
}

#[test]
fn postgres_gives_up_after_the_lock_timeout() {
    let Some(db) = TestDb::postgres() else { return };
    gives_up_after_the_given_time(&db);
}

#[test]
fn mariadb_gives_up_after_the_lock_timeout() {
    let Some(db) = TestDb::mysql() else { return };
    gives_up_after_the_given_time(&db);
}

#[test]
fn sqlite_gives_up_after_the_lock_timeout() {
    gives_up_after_the_given_time(&TestDb::sqlite());
}

#[test]
fn a_duration_without_a_unit_is_refused_with_the_form() {
    let project = Project::new("warehouse/v1");
    let db = TestDb::sqlite();
    let run = project.run(Some(&db), &["migrate", "up", "--lock-timeout", "30"]);
    assert_eq!(run.code, Some(2), "{}", run.text());
    run.assert_contains("invalid value '30' for '--lock-timeout <DURATION>'")
        .assert_contains("write a number and a unit: 30s, 2m, 1m30s, 500ms or 1h");
}

//! Startup cost on an up-to-date database with 20 migrations: what an application pays on every
//! start once nothing is pending. Plain diesel (`MigrationHarness::run_pending_migrations`, one
//! connection) next to `tablewright::Migrator` (lock connection, lock, checksum verification of
//! every applied migration), on PostgreSQL, MariaDB and SQLite.
//!
//! Run: `cargo bench -p tablewright-db-tests --bench startup` with the database URLs of
//! db-tests/src/lib.rs in the environment. Prints a Markdown table.

use std::time::{Duration, Instant};

use diesel::{MysqlConnection, PgConnection, SqliteConnection};
use tablewright::{Database, Migrations, Migrator};
use tablewright_db_tests::{ServerDatabase, SqliteDatabase};

const ROUNDS: usize = 40;

fn migrations() -> Migrations {
    let dir = tablewright_db_tests::tempdir();
    for i in 1..=20 {
        let folder = dir.path().join(format!("2025010100{i:04}_table_{i}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("up.sql"), format!("CREATE TABLE t{i} (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL);\nCREATE INDEX idx_t{i}_name ON t{i} (name);")).unwrap();
        std::fs::write(folder.join("down.sql"), format!("DROP TABLE t{i};")).unwrap();
    }
    Migrations::from_dir(dir.path()).unwrap()
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() - 1) as f64 * p).round() as usize]
}

fn measure(mut start: impl FnMut()) -> (Duration, Duration) {
    start(); // warm up: caches, first connection
    let mut samples: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let began = Instant::now();
            start();
            began.elapsed()
        })
        .collect();
    (percentile(&mut samples, 0.5), percentile(&mut samples, 0.9))
}

fn bench<C: Database>(label: &str, url: &str, migrations: &Migrations) {
    // Apply once, so every measured start finds nothing pending.
    Migrator::new(migrations).run::<C>(url).unwrap();
    let (diesel_median, diesel_p90) = measure(|| {
        let mut conn = C::establish(url).unwrap();
        let applied = conn.run_pending_migrations(migrations).unwrap();
        assert!(applied.is_empty());
    });
    let (ours_median, ours_p90) = measure(|| {
        let report = Migrator::new(migrations).run::<C>(url).unwrap();
        assert!(report.applied.is_empty());
    });
    println!(
        "| {label} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms |",
        diesel_median.as_secs_f64() * 1e3,
        diesel_p90.as_secs_f64() * 1e3,
        ours_median.as_secs_f64() * 1e3,
        ours_p90.as_secs_f64() * 1e3
    );
}

fn main() {
    let migrations = migrations();
    println!("Startup on an up-to-date database, 20 migrations, {ROUNDS} starts each (connection included)\n");
    println!("| database | diesel median | diesel p90 | tablewright median | tablewright p90 |");
    println!("|---|---|---|---|---|");
    if let Some(db) = ServerDatabase::postgres() {
        bench::<PgConnection>("PostgreSQL", &db.url, &migrations);
    }
    if let Some(db) = ServerDatabase::mysql() {
        bench::<MysqlConnection>("MariaDB", &db.url, &migrations);
    }
    let db = SqliteDatabase::new();
    bench::<SqliteConnection>("SQLite (file)", db.path.to_str().unwrap(), &migrations);
}

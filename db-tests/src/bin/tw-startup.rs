//! An application start, reduced to its migration step: the reliability tests run many of these
//! as real OS processes against one database.
//!
//! `tw-startup <postgres|mysql|sqlite> <database-url> <migrations-dir>`
//! Environment: `TW_LOCK_TIMEOUT_MS` (default 60000), `TW_START_AT` (unix milliseconds to wait
//! for, so many processes start at the same instant), `TW_ALLOW_UNKNOWN=1`.
//! Prints `applied N` and exits 0, or prints the error and exits 1.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use diesel::{MysqlConnection, PgConnection, SqliteConnection};
use tablewright::{Migrations, Migrator};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, backend, url, dir] = &args[..] else {
        eprintln!("usage: tw-startup <postgres|mysql|sqlite> <database-url> <migrations-dir>");
        std::process::exit(2);
    };
    if let Some(start) = std::env::var("TW_START_AT").ok().and_then(|v| v.parse::<u64>().ok()) {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64;
        if start > now {
            std::thread::sleep(Duration::from_millis(start - now));
        }
    }
    let migrations = Migrations::from_dir(dir).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let timeout = std::env::var("TW_LOCK_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60_000);
    let mut migrator = Migrator::new(&migrations);
    migrator.lock_timeout(Duration::from_millis(timeout));
    migrator.allow_unknown_applied(std::env::var("TW_ALLOW_UNKNOWN").is_ok_and(|v| v == "1"));
    let result = match backend.as_str() {
        "postgres" => migrator.run::<PgConnection>(url),
        "mysql" => migrator.run::<MysqlConnection>(url),
        "sqlite" => migrator.run::<SqliteConnection>(url),
        other => {
            eprintln!("unknown backend {other}");
            std::process::exit(2)
        }
    };
    match result {
        Ok(report) => println!("applied {}", report.applied.len()),
        Err(error) => {
            println!("error: {error}");
            std::process::exit(1)
        }
    }
}

//! What one start on a fresh database asks of the server: its commits and its flushes to disk,
//! read from the server's own counters around the start. Exact where timings are noisy (a fresh
//! start's time is mostly the server's disk), so the two apps' protocols compare by count.
//!
//! - PostgreSQL: transactions committed in the database (`pg_stat_database.xact_commit`) and
//!   WAL flushes of the server (`pg_stat_wal.wal_sync`, PostgreSQL 14+);
//! - MariaDB/MySQL: `Handler_commit` and `Innodb_data_fsyncs` (server-wide status counters).
//!
//! The server-wide counters include whatever else the server did meanwhile: run it alone.

use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Text};
use diesel::{Connection, MysqlConnection, PgConnection, QueryableByName, RunQueryDsl};

/// Commits and disk flushes, as the server counts them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Work {
    pub commits: i64,
    pub flushes: i64,
}

#[derive(QueryableByName)]
struct Counters {
    #[diesel(sql_type = BigInt)]
    commits: i64,
    #[diesel(sql_type = BigInt)]
    flushes: i64,
}

/// A row of `SHOW GLOBAL STATUS` (MariaDB and MySQL alike).
#[derive(QueryableByName)]
struct Status {
    #[diesel(sql_type = Text, column_name = Variable_name)]
    name: String,
    #[diesel(sql_type = Text, column_name = Value)]
    value: String,
}

/// The counters now, read through `url`'s database; `None` for SQLite (no server).
pub fn read(database: &str, url: &str) -> Result<Option<Work>, String> {
    let counters: Counters = match database {
        "postgres" => {
            let mut conn = PgConnection::establish(url).map_err(|e| e.to_string())?;
            // Statistics are read once per transaction from a snapshot: take a new one.
            conn.batch_execute("SELECT pg_stat_clear_snapshot()")
                .map_err(|e| e.to_string())?;
            diesel::sql_query(
                "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS commits, \
                 (SELECT wal_sync FROM pg_stat_wal) AS flushes",
            )
            .get_result(&mut conn)
            .map_err(|e| e.to_string())?
        }
        "mysql" => {
            let mut conn = MysqlConnection::establish(url).map_err(|e| e.to_string())?;
            let rows: Vec<Status> =
                diesel::sql_query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Handler_commit', 'Innodb_data_fsyncs')")
                    .load(&mut conn)
                    .map_err(|e| e.to_string())?;
            let value = |name: &str| {
                (rows.iter())
                    .find(|r| r.name.eq_ignore_ascii_case(name))
                    .and_then(|r| r.value.parse().ok())
                    .ok_or_else(|| format!("the server reports no {name}"))
            };
            Counters {
                commits: value("Handler_commit")?,
                flushes: value("Innodb_data_fsyncs")?,
            }
        }
        _ => return Ok(None),
    };
    Ok(Some(Work {
        commits: counters.commits,
        flushes: counters.flushes,
    }))
}

/// What happened between two readings.
pub fn between(before: Work, after: Work) -> Work {
    Work {
        commits: after.commits - before.commits,
        flushes: after.flushes - before.flushes,
    }
}

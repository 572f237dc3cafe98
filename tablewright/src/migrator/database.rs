//! What the migrator needs from each database: its migration lock, and a few queries.
//!
//! - PostgreSQL: a session advisory lock (`pg_try_advisory_lock`), on a dedicated connection by
//!   default, so it is released when the holder's session ends, even if the process is killed.
//! - MySQL/MariaDB: `GET_LOCK` on a name derived from the database, likewise per session.
//! - SQLite: the database's write lock itself, `BEGIN IMMEDIATE` with a busy timeout; every
//!   pending migration runs inside that one transaction.
//!
//! PostgreSQL and MySQL wait with `try` and backoff, never in an unbounded blocking call.

#[cfg(any(feature = "postgres", feature = "mysql"))]
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::time::Duration;
#[cfg(any(feature = "postgres", feature = "mysql", feature = "sqlite"))]
use std::time::Instant;

use diesel::connection::Connection;
use diesel::migration::MigrationConnection;
use diesel::sql_types::{Nullable, Text};
use diesel::QueryableByName;
use tablewright_runtime_core::catalog::Catalog;
use tablewright_runtime_core::Dialect;

use super::MigrateError;

/// Where the lock is taken.
#[derive(Clone, Copy, Debug)]
pub enum LockOn<'a> {
    /// A connection of its own, opened from this URL, so that the lock ends as soon as the
    /// process dies, even while the server still runs the statement it sent: a session lock on
    /// the migrating connection would last until that statement finishes. PostgreSQL 14 and
    /// later hold it on the migrating connection instead, told to check for a dead client during
    /// statements (`client_connection_check_interval`), which ends the session as promptly and
    /// cancels the orphaned statement too, without the cost of a second connection. MySQL holds
    /// it on the migrating connection too (see its `Placement`).
    Dedicated(&'a str),
    /// The connection that runs the migrations.
    SameConnection,
}

/// Two text columns `a` and `b`, the shape of every bookkeeping query.
#[derive(QueryableByName, Debug)]
pub struct Pair {
    #[diesel(sql_type = Nullable<Text>)]
    pub a: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub b: Option<String>,
}

/// A connection type the [`Migrator`](super::Migrator) can drive: `PgConnection`,
/// `MysqlConnection` and `SqliteConnection`, with the matching crate feature.
///
/// Implemented for diesel's three connections, each behind its feature; a new one also needs
/// its branch in the migrator's `shared_tables_drift`, which finds the connection by its type.
#[diagnostic::on_unimplemented(
    message = "tablewright was compiled without support for `{Self}`",
    label = "this connection type needs a tablewright feature",
    note = "enable tablewright's feature for your database in Cargo.toml: `tablewright = {{ ..., features = [\"sqlite\"] }}` for `SqliteConnection`, \"postgres\" for `PgConnection`, \"mysql\" for `MysqlConnection` (MariaDB too)",
    note = "diesel's own feature (`diesel/sqlite`, ...) is not enough: tablewright compiles its migration lock and catalog queries per database"
)]
pub trait Database: Connection + MigrationConnection + Sized + 'static {
    const DIALECT: Dialect;

    /// Runs `work` while holding the migration lock; returns how long it waited for the lock.
    #[doc(hidden)]
    fn with_migration_lock<T>(
        &mut self,
        lock: LockOn<'_>,
        timeout: Duration,
        work: impl FnOnce(&mut Self) -> Result<T, MigrateError>,
    ) -> Result<(T, Duration), MigrateError>;

    #[doc(hidden)]
    fn pairs(&mut self, sql: &str) -> diesel::QueryResult<Vec<Pair>>;

    /// Runs `sql` with `texts` bound to its placeholders (`$1`... or `?`), as nullable text.
    #[doc(hidden)]
    fn execute_with_texts(&mut self, sql: &str, texts: &[Option<String>]) -> diesel::QueryResult<usize>;

    /// The rows of the ledger.
    #[doc(hidden)]
    fn ledger_entries(&mut self) -> diesel::QueryResult<Vec<super::ledger::Entry>>;

    /// The progress rows of every migration run one statement at a time and not finished.
    #[doc(hidden)]
    fn progress(&mut self) -> diesel::QueryResult<Vec<super::ledger::Progress>>;

    /// What the database contains, for verifying shared tables and reporting drift.
    fn catalog(&mut self) -> diesel::QueryResult<Catalog>;

    /// What `statements` build, read back as [`Database::catalog`] reads the live database: they
    /// run in a scratch space of this database (PostgreSQL: a schema in a transaction rolled
    /// back; MySQL: a database dropped afterwards; SQLite: an in-memory database), so the
    /// database prints a schema's objects in the same normal form as its own.
    fn scratch_catalog(&mut self, statements: &[String]) -> diesel::QueryResult<Catalog>;
}

#[cfg(any(feature = "postgres", feature = "mysql"))]
/// Waits for a lock that `try_lock` takes without blocking: backoff from 20 ms to 500 ms with
/// jitter, so many starting replicas do not poll in step.
fn wait_for<C>(
    conn: &mut C,
    timeout: Duration,
    mut try_lock: impl FnMut(&mut C) -> Result<bool, MigrateError>,
) -> Result<Duration, MigrateError> {
    let started = Instant::now();
    let mut delay = Duration::from_millis(20);
    let mut seed = u64::from(std::process::id()) ^ started.elapsed().subsec_nanos() as u64 ^ 0x9e37_79b9_7f4a_7c15;
    let mut announced = false;
    loop {
        if try_lock(conn)? {
            return Ok(started.elapsed());
        }
        let waited = started.elapsed();
        if waited >= timeout {
            return Err(MigrateError::LockTimeout { waited });
        }
        if !announced {
            event!(
                info,
                "another process holds the migration lock; waiting up to {timeout:?}"
            );
            announced = true;
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let jitter = 0.75 + (seed % 1000) as f64 / 2000.0;
        let sleep = delay.mul_f64(jitter).min(timeout.saturating_sub(waited));
        std::thread::sleep(sleep);
        delay = (delay * 3 / 2).min(Duration::from_millis(500));
    }
}

#[cfg(any(feature = "postgres", feature = "mysql"))]
/// Object-safe view of a connection for lock statements.
trait AnyLockConn {
    fn query_flag(&mut self, sql: &str) -> Result<bool, MigrateError>;
}

#[cfg(any(feature = "postgres", feature = "mysql"))]
macro_rules! lock_connection {
    ($conn:ty) => {
        impl AnyLockConn for $conn {
            fn query_flag(&mut self, sql: &str) -> Result<bool, MigrateError> {
                #[derive(QueryableByName)]
                struct Flag {
                    #[diesel(sql_type = Nullable<Text>)]
                    flag: Option<String>,
                }
                let row = diesel::RunQueryDsl::get_result::<Flag>(diesel::sql_query(sql), self)?;
                Ok(matches!(
                    row.flag.as_deref(),
                    Some("1") | Some("t") | Some("true")
                ))
            }
        }
    };
}

#[cfg(any(feature = "postgres", feature = "mysql"))]
/// The statements of a session-level lock (`try_lock` and `release` return one `flag` column),
/// and where [`LockOn::Dedicated`] puts it.
struct SessionLock {
    try_lock: String,
    release: String,
    placement: Placement,
}

#[cfg(any(feature = "postgres", feature = "mysql"))]
/// Where [`LockOn::Dedicated`] holds the lock. (Each database uses one variant: with one
/// backend compiled, the other is unused.)
#[cfg_attr(not(all(feature = "postgres", feature = "mysql")), allow(dead_code))]
enum Placement {
    /// On a second connection, unless this query (returning a true `flag`) makes the migrating
    /// session end as soon as its client dies, also while it runs a statement.
    SecondUnlessWatched(&'static str),
    /// On the migrating connection.
    Migrating,
}

#[cfg(any(feature = "postgres", feature = "mysql"))]
/// Takes a session-level lock, runs `work`, releases it; on the dedicated connection if there is
/// one.
fn with_session_lock<C, T>(
    conn: &mut C,
    lock: LockOn<'_>,
    timeout: Duration,
    statements: &SessionLock,
    work: impl FnOnce(&mut C) -> Result<T, MigrateError>,
) -> Result<(T, Duration), MigrateError>
where
    C: Connection + AnyLockConn,
{
    let (try_sql, release_sql) = (statements.try_lock.as_str(), statements.release.as_str());
    let on_migrating_connection = |conn: &mut C| match statements.placement {
        Placement::SecondUnlessWatched(sql) => conn.query_flag(sql).unwrap_or(false),
        Placement::Migrating => true,
    };
    let mut dedicated = match lock {
        LockOn::Dedicated(_) if on_migrating_connection(conn) => None,
        LockOn::Dedicated(url) => Some(C::establish(url).map_err(|e| MigrateError::Connect(e.to_string()))?),
        LockOn::SameConnection => None,
    };
    let waited = match dedicated.as_mut() {
        Some(lock_conn) => wait_for(lock_conn, timeout, |c| c.query_flag(try_sql))?,
        None => wait_for(conn, timeout, |c| c.query_flag(try_sql))?,
    };
    event!(debug, ?waited, "migration lock held");
    let outcome = catch_unwind(AssertUnwindSafe(|| work(conn)));
    let released = match dedicated.as_mut() {
        Some(lock_conn) => lock_conn.query_flag(release_sql),
        None => conn.query_flag(release_sql),
    };
    // A dedicated connection is closed here, which releases the lock even if RELEASE failed.
    drop(dedicated);
    match outcome {
        Err(panic) => resume_unwind(panic),
        Ok(result) => {
            let value = result?;
            // The lock ends with the session anyway: a failed release is only worth an event.
            #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
            if let Err(e) = released {
                event!(warn, error = %e, "releasing the migration lock failed; it ends with the session");
            }
            Ok((value, waited))
        }
    }
}

#[cfg(any(feature = "postgres", feature = "mysql"))]
/// A database whose migration lock is a session lock taken with `try` / released with
/// `release` queries (each returning one `flag` column).
macro_rules! session_locked_database {
    ($conn:ty, $dialect:expr, lock: $lock:expr, catalog: $catalog:path, scratch: $scratch:path) => {
        lock_connection!($conn);

        impl Database for $conn {
            const DIALECT: Dialect = $dialect;

            fn with_migration_lock<T>(
                &mut self,
                lock: LockOn<'_>,
                timeout: Duration,
                work: impl FnOnce(&mut Self) -> Result<T, MigrateError>,
            ) -> Result<(T, Duration), MigrateError> {
                with_session_lock(self, lock, timeout, &$lock, work)
            }

            fn pairs(&mut self, sql: &str) -> diesel::QueryResult<Vec<Pair>> {
                diesel::RunQueryDsl::load(diesel::sql_query(sql), self)
            }

            fn execute_with_texts(&mut self, sql: &str, texts: &[Option<String>]) -> diesel::QueryResult<usize> {
                let mut query = diesel::sql_query(sql).into_boxed::<<Self as Connection>::Backend>();
                for text in texts {
                    query = query.bind::<Nullable<Text>, _>(text.clone());
                }
                diesel::RunQueryDsl::execute(query, self)
            }

            fn ledger_entries(&mut self) -> diesel::QueryResult<Vec<crate::migrator::ledger::Entry>> {
                diesel::RunQueryDsl::load(diesel::sql_query(crate::migrator::ledger::select_entries()), self)
            }

            fn progress(&mut self) -> diesel::QueryResult<Vec<crate::migrator::ledger::Progress>> {
                diesel::RunQueryDsl::load(
                    diesel::sql_query(crate::migrator::ledger::select_progress()),
                    self,
                )
            }

            fn catalog(&mut self) -> diesel::QueryResult<Catalog> {
                $catalog(self)
            }

            fn scratch_catalog(&mut self, statements: &[String]) -> diesel::QueryResult<Catalog> {
                $scratch(self, statements)
            }
        }
    };
}

#[cfg(feature = "postgres")]
mod postgres {
    use super::*;

    /// The advisory lock key: "twmigrat" as a big-endian i64. Advisory locks are per database.
    const KEY: i64 = i64::from_be_bytes(*b"twmigrat");

    session_locked_database!(
        diesel::PgConnection,
        Dialect::Postgres,
        lock: SessionLock {
            try_lock: format!("SELECT pg_try_advisory_lock({KEY})::text AS flag"),
            release: format!("SELECT pg_advisory_unlock({KEY})::text AS flag"),
            // PostgreSQL 14+ has the setting (no row before, and no error in the server's log);
            // where the system cannot tell a dead client, set_config fails. Either way the lock
            // then takes a connection of its own.
            placement: Placement::SecondUnlessWatched(
                "SELECT CAST(set_config(name, '1000', false) IS NOT NULL AS TEXT) AS flag FROM pg_settings \
                 WHERE name = 'client_connection_check_interval'",
            ),
        },
        catalog: crate::introspect::postgres_catalog,
        scratch: crate::introspect::postgres_scratch_catalog
    );
}

#[cfg(feature = "mysql")]
mod mysql {
    use super::*;

    /// GET_LOCK names are server-wide; the database name scopes it (64 characters at most).
    const NAME: &str = "LEFT(CONCAT('tablewright:', DATABASE()), 64)";

    session_locked_database!(
        diesel::MysqlConnection,
        Dialect::Mysql,
        lock: SessionLock {
            try_lock: format!("SELECT CAST(GET_LOCK({NAME}, 0) AS CHAR) AS flag"),
            release: format!("SELECT CAST(RELEASE_LOCK({NAME}) AS CHAR) AS flag"),
            // MySQL and MariaDB notice a dead client between statements either way. A second
            // connection would free the lock while the dead client's statement still ran, and the
            // next process would queue behind it on the table's metadata lock, or run beside
            // it; on the migrating connection the next one waits for the lock instead, and
            // costs no second connection (a connection's setup is four statements in diesel).
            placement: Placement::Migrating,
        },
        catalog: crate::introspect::mysql_catalog,
        scratch: crate::introspect::mysql_scratch_catalog
    );
}

#[cfg(feature = "sqlite")]
mod sqlite {
    use super::*;
    use diesel::connection::SimpleConnection;
    use diesel::SqliteConnection;

    impl Database for SqliteConnection {
        const DIALECT: Dialect = Dialect::Sqlite;

        /// The write lock of the database file, held by one IMMEDIATE transaction around all
        /// the work: others wait up to the busy timeout, and nothing is half-applied.
        fn with_migration_lock<T>(
            &mut self,
            _lock: LockOn<'_>,
            timeout: Duration,
            work: impl FnOnce(&mut Self) -> Result<T, MigrateError>,
        ) -> Result<(T, Duration), MigrateError> {
            self.batch_execute(&format!("PRAGMA busy_timeout = {}", timeout.as_millis()))?;
            // Table rebuilds drop and recreate tables: with foreign keys on, dropping a parent
            // would cascade into its children. They are off during the work (the pragma has no
            // effect inside a transaction), checked before committing, and restored after.
            let enforced = self
                .pairs("SELECT CAST(foreign_keys AS TEXT) AS a, NULL AS b FROM pragma_foreign_keys")?
                .first()
                .and_then(|p| p.a.clone())
                .is_some_and(|v| v == "1");
            if enforced {
                self.batch_execute("PRAGMA foreign_keys = OFF")?;
            }
            let started = Instant::now();
            let mut waited = None;
            let result = self.immediate_transaction(|conn| {
                waited = Some(started.elapsed());
                let value = work(conn)?;
                let broken = conn.pairs("SELECT \"table\" AS a, parent AS b FROM pragma_foreign_key_check")?;
                if let Some(row) = broken.first() {
                    return Err(MigrateError::Database(format!(
                        "the migrations leave rows of `{}` that reference missing rows of `{}` (PRAGMA foreign_key_check); nothing was committed",
                        row.a.as_deref().unwrap_or("?"),
                        row.b.as_deref().unwrap_or("?")
                    )));
                }
                Ok(value)
            });
            if enforced {
                self.batch_execute("PRAGMA foreign_keys = ON")?;
            }
            match (result, waited) {
                (Ok(value), Some(waited)) => Ok((value, waited)),
                (Err(MigrateError::Database(message)), None)
                    if message.contains("locked") || message.contains("busy") =>
                {
                    Err(MigrateError::LockTimeout {
                        waited: started.elapsed(),
                    })
                }
                (Err(e), _) => Err(e),
                (Ok(_), None) => unreachable!("the closure ran"),
            }
        }

        fn pairs(&mut self, sql: &str) -> diesel::QueryResult<Vec<Pair>> {
            diesel::RunQueryDsl::load(diesel::sql_query(sql), self)
        }

        fn execute_with_texts(&mut self, sql: &str, texts: &[Option<String>]) -> diesel::QueryResult<usize> {
            let mut query = diesel::sql_query(sql).into_boxed::<<Self as Connection>::Backend>();
            for text in texts {
                query = query.bind::<Nullable<Text>, _>(text.clone());
            }
            diesel::RunQueryDsl::execute(query, self)
        }

        fn ledger_entries(&mut self) -> diesel::QueryResult<Vec<crate::migrator::ledger::Entry>> {
            diesel::RunQueryDsl::load(diesel::sql_query(crate::migrator::ledger::select_entries()), self)
        }

        fn progress(&mut self) -> diesel::QueryResult<Vec<crate::migrator::ledger::Progress>> {
            diesel::RunQueryDsl::load(diesel::sql_query(crate::migrator::ledger::select_progress()), self)
        }

        fn catalog(&mut self) -> diesel::QueryResult<Catalog> {
            crate::introspect::sqlite_catalog(self)
        }

        fn scratch_catalog(&mut self, statements: &[String]) -> diesel::QueryResult<Catalog> {
            crate::introspect::sqlite_scratch_catalog(statements)
        }
    }
}

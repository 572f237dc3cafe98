//! Applying the migrations embedded with `embed_migrations!` when the application starts.

use std::time::{Duration, Instant};

use std::collections::HashSet;

use diesel::migration::MigrationSource;

use crate::migrator::ledger;
use crate::{Database, MigrateError};

/// One migration applied by [`run_pending_migrations`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// The folder name, e.g. `20251205103000_create_storage_locations`.
    pub name: String,
    pub duration: Duration,
}

/// Applies every migration of `migrations` (any diesel `MigrationSource`) that the database has
/// not applied yet, with no lock and no checksums: diesel's behaviour, with logging. Use
/// [`Migrator`](crate::Migrator) when several processes may start at once, in order, and
/// logs each one (target `tablewright::migrate`). Uses diesel's `__diesel_schema_migrations`
/// table, so the diesel CLI keeps working on the same database.
///
/// ```ignore
/// // `ignore`: embed_migrations! needs the application's migrations folder.
/// use diesel::Connection;
/// use tablewright::{embed_migrations, EmbeddedMigrations};
///
/// const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut conn = diesel::SqliteConnection::establish("app.db")?;
/// let applied = tablewright::run_pending_migrations(&mut conn, MIGRATIONS)?;
/// println!("{} migration(s) applied", applied.len());
/// # Ok(()) }
/// ```
pub fn run_pending_migrations<C, S>(conn: &mut C, migrations: S) -> Result<Vec<Applied>, MigrateError>
where
    C: Database,
    S: MigrationSource<C::Backend>,
{
    #[cfg(feature = "tracing")]
    let started = Instant::now();
    // What diesel's harness does, without linking it: its table, created if missing, says what
    // is applied; the rest runs in version order, each with its row in one transaction (unless
    // the migration opts out of one).
    conn.setup()?;
    let done: HashSet<String> = ledger::diesel_versions(conn)?.into_iter().collect();
    let mut pending = migrations
        .migrations()
        .map_err(|e| MigrateError::Database(e.to_string()))?;
    pending.retain(|m| !done.contains(&m.name().version().to_string()));
    pending.sort_by(|a, b| a.name().version().cmp(&b.name().version()));
    let mut applied = Vec::with_capacity(pending.len());
    for migration in pending {
        let name = migration.name().to_string();
        let began = Instant::now();
        event!(info, migration = %name, "applying");
        let record = ledger::record_in_diesel(C::DIALECT, &migration.name().version().to_string());
        let apply = |conn: &mut C| -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
            migration.run(conn)?;
            conn.batch_execute(&record)?;
            Ok(())
        };
        let outcome = match migration.metadata().run_in_transaction() {
            true => conn.transaction(|conn| apply(conn)),
            false => apply(conn),
        };
        outcome.map_err(|e| {
            event!(error, migration = %name, error = %e, "failed");
            MigrateError::Failed {
                name: name.clone(),
                statement: None,
                message: e.to_string(),
            }
        })?;
        let duration = began.elapsed();
        event!(info, migration = %name, ?duration, "applied");
        applied.push(Applied { name, duration });
    }
    event!(info, count = applied.len(), elapsed = ?started.elapsed(), "database is up to date");
    Ok(applied)
}

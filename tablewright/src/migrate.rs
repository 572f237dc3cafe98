//! Applying the migrations embedded with `embed_migrations!` when the application starts.

use std::time::{Duration, Instant};

use diesel::backend::Backend;
use diesel::migration::MigrationSource;
use diesel_migrations::MigrationHarness;

use crate::MigrateError;

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
pub fn run_pending_migrations<DB, C, S>(conn: &mut C, migrations: S) -> Result<Vec<Applied>, MigrateError>
where
    DB: Backend,
    C: MigrationHarness<DB>,
    S: MigrationSource<DB>,
{
    #[cfg(feature = "tracing")]
    let started = Instant::now();
    let pending = conn
        .pending_migrations(migrations)
        .map_err(|e| MigrateError::Database(e.to_string()))?;
    let mut applied = Vec::with_capacity(pending.len());
    for migration in pending {
        let name = migration.name().to_string();
        let began = Instant::now();
        event!(info, migration = %name, "applying");
        conn.run_migration(&*migration).map_err(|e| {
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

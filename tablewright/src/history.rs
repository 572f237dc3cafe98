//! What an operator's tool needs besides applying: which migrations a database has applied, with
//! the checksums the ledger recorded for them, and taking the newest ones back. The `tablewright`
//! command line's `migrate status` and `migrate down` are built on these.

use std::collections::HashMap;
use std::time::Duration;

use tablewright_runtime_core::sql::{needs_own_transaction, split_statements};
use tablewright_runtime_core::{Dialect, APP_SET};

use crate::migrator::scope::Scope;
use crate::migrator::{ledger, session, Database, LockOn};
use crate::{MigrateError, Migrations, Refusal};

/// A migration the database has applied, as diesel and the ledger recorded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedMigration {
    pub version: String,
    /// When diesel recorded it as applied (the database's own text form of the timestamp).
    pub run_on: Option<String>,
    /// The folder name the ledger recorded; `None` if the ledger has no row (applied by diesel's
    /// own tools, or before the ledger existed).
    pub name: Option<String>,
    pub checksum: Option<String>,
}

/// Every applied migration, oldest first. Creates diesel's and the ledger's tables if they do not
/// exist yet (as diesel's own harness does when asked the same question).
pub fn applied_migrations<C: Database>(conn: &mut C) -> Result<Vec<AppliedMigration>, MigrateError> {
    conn.setup()?;
    ledger::prepare(conn)?;
    // TEXT keeps the whole value on PostgreSQL, where a bare CHAR is one character long; MySQL
    // has no CAST to TEXT.
    let text = if C::DIALECT == Dialect::Mysql { "CHAR" } else { "TEXT" };
    let applied = conn.pairs(&format!(
        "SELECT version AS a, CAST(run_on AS {text}) AS b FROM __diesel_schema_migrations ORDER BY version"
    ))?;
    let names: HashMap<String, String> = conn
        .pairs(&format!("SELECT version AS a, name AS b FROM {}", ledger::LEDGER))?
        .into_iter()
        .filter_map(|p| Some((p.a?, p.b?)))
        .collect();
    let checksums: HashMap<String, String> = conn
        .pairs(&ledger::select_checksums())?
        .into_iter()
        .filter_map(|p| Some((p.a?, p.b?)))
        .collect();
    Ok(applied
        .into_iter()
        .filter_map(|p| {
            let version = p.a?;
            Some(AppliedMigration {
                name: names.get(&version).cloned(),
                checksum: checksums.get(&version).cloned(),
                run_on: p.b,
                version,
            })
        })
        .collect())
}

/// The applied migrations of one set, oldest first: the application's own ([`APP_SET`], as
/// [`applied_migrations`]) or a library's (`agents`, `agents/scheduler`), which the ledger alone
/// records (`run_on` is when the ledger recorded it).
pub fn applied_in_set<C: Database>(conn: &mut C, set: &str) -> Result<Vec<AppliedMigration>, MigrateError> {
    if set == APP_SET {
        return applied_migrations(conn);
    }
    conn.setup()?;
    ledger::prepare(conn)?;
    let scope = Scope::Set(set);
    let times: HashMap<String, String> = conn
        .pairs(&ledger::select_applied_at(C::DIALECT))?
        .into_iter()
        .filter_map(|p| Some((p.a?, p.b?)))
        .collect();
    Ok(conn
        .ledger_entries()?
        .into_iter()
        .filter_map(|entry| {
            let version = scope.version(&entry.version)?.to_string();
            Some(AppliedMigration {
                run_on: times.get(&entry.version).cloned(),
                name: Some(entry.name),
                checksum: Some(entry.checksum),
                version,
            })
        })
        .collect())
}

/// The names of the library sets the ledger has migrations of (whether or not this binary runs
/// them), sorted.
pub fn recorded_sets<C: Database>(conn: &mut C) -> Result<Vec<String>, MigrateError> {
    conn.setup()?;
    ledger::prepare(conn)?;
    let mut sets: Vec<String> = conn
        .ledger_entries()?
        .into_iter()
        .filter_map(|entry| Some(Scope::set_of(&entry.version)?.to_string()))
        .collect();
    sets.sort();
    sets.dedup();
    Ok(sets)
}

/// Reverts applied migrations of the application's own set, newest first, under the migration
/// lock: the newest one when `to` is `None`, otherwise every one newer than `to`. Each revert
/// runs the migration's `down.sql` and removes its rows from diesel's table and from the ledger.
/// Returns the names reverted. ([`Migrator::revert`](crate::Migrator::revert) reverts a
/// library's set too.)
///
/// Refuses, before reverting anything, a migration that is no longer in `migrations` or whose
/// SQL changed since it was applied (its `down.sql` may not undo what ran).
pub fn revert<C: Database>(
    url: &str,
    migrations: &Migrations,
    to: Option<&str>,
    lock_timeout: Duration,
) -> Result<Vec<String>, MigrateError> {
    let mut conn = C::establish(url).map_err(|e| MigrateError::Connect(e.to_string()))?;
    let (reverted, _waited) = conn.with_migration_lock(LockOn::Dedicated(url), lock_timeout, |conn| {
        session::with_default_quoting(conn, |conn| {
            let reverts = plan_revert(conn, Scope::App, migrations, to)?;
            run_reverts(conn, reverts)
        })
    })?;
    Ok(reverted)
}

/// What reverting `scope`'s newest migration (or every one newer than `to`) takes, newest first;
/// refused when a migration's down SQL cannot be trusted.
pub(crate) fn plan_revert<C: Database>(
    conn: &mut C,
    scope: Scope<'_>,
    migrations: &Migrations,
    to: Option<&str>,
) -> Result<Vec<Revert>, MigrateError> {
    let applied = applied_in_set(conn, scope.set_name())?;
    if let Some(to) = to {
        if migrations.by_version(to).is_none() && !applied.iter().any(|a| a.version == to) {
            return Err(MigrateError::Database(format!(
                "no migration with version {to} in {} or the database",
                match scope {
                    Scope::App => "the migrations folder".to_string(),
                    Scope::Set(set) => format!("the migration set `{set}`"),
                }
            )));
        }
    }
    let chosen: Vec<&AppliedMigration> = match to {
        None => applied.last().into_iter().collect(),
        Some(to) => applied.iter().rev().take_while(|a| a.version.as_str() > to).collect(),
    };
    let recorded: HashMap<String, String> = conn
        .ledger_entries()?
        .into_iter()
        .filter_map(|e| Some((scope.version(&e.version)?.to_string(), e.down_sql?)))
        .collect();
    let mut reverts: Vec<Revert> = Vec::new();
    let mut refusals = Vec::new();
    for entry in chosen {
        let file = migrations.by_version(&entry.version);
        let revert = |name: &str, down: String| Revert {
            key: scope.key(&entry.version),
            in_diesel: scope.in_diesel(),
            name: scope.name(name),
            run_on: entry.run_on.clone(),
            down,
        };
        // The down SQL recorded when it was applied undoes exactly what ran, even if the file
        // changed since (a rewritten draft) or is gone.
        if let Some(down) = recorded.get(&entry.version) {
            let name = file
                .map(|f| f.name().to_string())
                .or_else(|| entry.name.clone())
                .unwrap_or_else(|| entry.version.clone());
            reverts.push(revert(&name, down.clone()));
            continue;
        }
        match file {
            None => refusals.push(Refusal::Missing {
                version: entry.version.clone(),
                name: entry.name.as_deref().map(|n| scope.name(n)),
            }),
            Some(file) => {
                let current = file.checksum();
                match &entry.checksum {
                    Some(recorded) if *recorded != current => refusals.push(Refusal::Tampered {
                        name: scope.name(file.name()),
                        recorded: recorded.clone(),
                        current,
                    }),
                    _ => {
                        let down = file.down().map(str::to_string).ok_or_else(|| MigrateError::Failed {
                            name: scope.name(file.name()),
                            statement: None,
                            message: "it has no down.sql".into(),
                        })?;
                        reverts.push(revert(file.name(), down));
                    }
                }
            }
        }
    }
    if !refusals.is_empty() {
        return Err(MigrateError::Refused(refusals));
    }
    Ok(reverts)
}

/// Runs planned reverts in order; the names reverted.
pub(crate) fn run_reverts<C: Database>(conn: &mut C, reverts: Vec<Revert>) -> Result<Vec<String>, MigrateError> {
    let mut reverted = Vec::new();
    for revert in reverts {
        revert_one(conn, &revert)?;
        event!(info, migration = %revert.name, "reverted");
        reverted.push(revert.name);
    }
    Ok(reverted)
}

/// One migration to revert, with the down SQL to run.
pub(crate) struct Revert {
    /// Its row in the ledger.
    key: String,
    /// Diesel's table records it too (the application's own set).
    in_diesel: bool,
    /// As logs and messages name it (`agents: 2026..._create_sessions` for a library's).
    pub name: String,
    /// When it was applied, as the database prints it.
    pub run_on: Option<String>,
    down: String,
}

/// Runs the down SQL and forgets the migration, in one transaction where the database has
/// transactional DDL and the script allows one. MySQL commits at every DDL statement (a
/// savepoint around the revert would be gone by the time it is released), so there the ledger
/// rows go first: if the revert then fails, the migration is still applied and merely unrecorded,
/// which the next run adopts, rather than reverted with a stale ledger row that would block
/// applying it again.
fn revert_one<C: Database>(conn: &mut C, revert: &Revert) -> Result<(), MigrateError> {
    let failed = |e: diesel::result::Error| MigrateError::Failed {
        name: revert.name.clone(),
        statement: None,
        message: e.to_string(),
    };
    let forget = |conn: &mut C| -> Result<(), MigrateError> {
        conn.batch_execute(&ledger::forget(C::DIALECT, &revert.key))?;
        if revert.in_diesel {
            conn.batch_execute(&ledger::forget_in_diesel(C::DIALECT, &revert.key))?;
        }
        Ok(())
    };
    let statements = split_statements(&revert.down, C::DIALECT);
    if C::DIALECT == Dialect::Mysql || statements.iter().any(|s| needs_own_transaction(s)) {
        // DROP INDEX CONCURRENTLY and friends refuse transactions.
        if C::DIALECT == Dialect::Mysql {
            forget(conn)?;
        }
        for statement in &statements {
            conn.batch_execute(statement).map_err(failed)?;
        }
        if C::DIALECT != Dialect::Mysql {
            forget(conn)?;
        }
        return Ok(());
    }
    conn.transaction(|conn| {
        conn.batch_execute(&revert.down).map_err(failed)?;
        forget(conn)
    })
}

//! Applying a library's migration set (see [`crate::NamedMigrations`]): the same refusals and the
//! same ways of running a migration as the application's own set, recorded in the ledger under
//! the set's name only.

use std::collections::HashMap;

use super::scope::Scope;
use super::{ledger, statements, Database, MigrateError, Refusal, Report};
use crate::{MigrationFile, Migrations, NamedMigrations};

/// The set's migrations for this database, or why there are none.
pub(super) fn migrations_for<C: Database>(set: &NamedMigrations) -> Result<&Migrations, MigrateError> {
    set.for_dialect(C::DIALECT).ok_or_else(|| {
        MigrateError::InvalidMigrations(format!(
            "the migration set `{}` has no migrations for {}: the library does not support this database (its build lists the databases it supports)",
            set.name(),
            C::DIALECT
        ))
    })
}

/// The set's applied versions and their checksums.
fn recorded<C: Database>(conn: &mut C, scope: Scope<'_>) -> diesel::QueryResult<HashMap<String, String>> {
    Ok(conn
        .pairs(&ledger::select_checksums())?
        .into_iter()
        .filter_map(|p| Some((scope.version(&p.a?)?.to_string(), p.b?)))
        .collect())
}

/// Refusals, as for the application's own set, each naming the set.
fn refusals(
    scope: Scope<'_>,
    migrations: &Migrations,
    recorded: &HashMap<String, String>,
    allow_unknown: bool,
) -> Vec<Refusal> {
    let newest = migrations.iter().map(|f| f.version()).max().unwrap_or_default();
    let mut refusals = Vec::new();
    let mut versions: Vec<&String> = recorded.keys().collect();
    versions.sort();
    for version in versions {
        let checksum = &recorded[version];
        match migrations.by_version(version) {
            Some(file) if file.checksum() != *checksum => refusals.push(Refusal::Tampered {
                name: scope.name(file.name()),
                recorded: checksum.clone(),
                current: file.checksum(),
            }),
            Some(_) => {}
            None if *version > newest && allow_unknown => {}
            None if *version > newest => refusals.push(Refusal::Unknown {
                version: version.clone(),
                name: Some(scope.name(version)),
            }),
            None => refusals.push(Refusal::Missing {
                version: version.clone(),
                name: Some(scope.name(version)),
            }),
        }
    }
    refusals
}

/// Whether every migration of the set is applied as it is (read-only, for the fast path).
/// `None` when the bookkeeping cannot be read yet.
pub(super) fn is_up_to_date<C: Database>(conn: &mut C, set: &NamedMigrations) -> Option<bool> {
    let migrations = set.for_dialect(C::DIALECT)?;
    let scope = Scope::Set(set.name());
    let recorded = recorded(conn, scope).ok()?;
    Some(
        recorded.len() == migrations.len()
            && migrations
                .iter()
                .all(|f| recorded.get(&f.version()).is_some_and(|c| *c == f.checksum())),
    )
}

/// The set's migrations not applied yet, as (the set, how many, the first's name); `None` when
/// every one is.
pub(super) fn not_applied<C: Database>(
    conn: &mut C,
    set: &NamedMigrations,
) -> Result<Option<(String, usize, String)>, MigrateError> {
    let migrations = migrations_for::<C>(set)?;
    let recorded = recorded(conn, Scope::Set(set.name()))?;
    let pending: Vec<&str> = migrations
        .iter()
        .filter(|f| !recorded.contains_key(&f.version()))
        .map(|f| f.name())
        .collect();
    Ok(pending
        .first()
        .map(|first| (set.name().to_string(), pending.len(), first.to_string())))
}

/// Refuses what is unsafe, then applies the set's pending migrations, in order.
pub(super) fn migrate<C: Database>(
    conn: &mut C,
    set: &NamedMigrations,
    allow_unknown: bool,
    report: &mut Report,
    progress: &mut statements::ProgressRows,
) -> Result<(), MigrateError> {
    let migrations = migrations_for::<C>(set)?;
    let scope = Scope::Set(set.name());
    let recorded = recorded(conn, scope)?;
    let refused = refusals(scope, migrations, &recorded, allow_unknown);
    if !refused.is_empty() {
        return Err(MigrateError::Refused(refused));
    }
    let pending: Vec<&MigrationFile> = (migrations.iter())
        .filter(|file| !recorded.contains_key(&file.version()))
        .collect();
    report.already_applied += migrations.len() - pending.len();
    for (position, file) in pending.iter().enumerate() {
        let next = pending.get(position + 1).copied();
        report.applied.push(super::apply(conn, file, next, scope, progress)?);
    }
    Ok(())
}

/// Each set's required sets come before it, and no set comes twice.
pub(super) fn check_order(sets: &[&NamedMigrations]) -> Result<(), MigrateError> {
    for (i, set) in sets.iter().enumerate() {
        let before: Vec<&str> = sets[..i].iter().map(|s| s.name()).collect();
        if set.name() == crate::APP_SET {
            return Err(MigrateError::InvalidMigrations(format!(
                "a library's migration set may not be called `{}`: that is the application's own set's name",
                set.name()
            )));
        }
        if before.contains(&set.name()) {
            return Err(MigrateError::InvalidMigrations(format!(
                "the migration set `{}` is given twice to the Migrator",
                set.name()
            )));
        }
        if let Some(missing) = set.requires().find(|r| !before.contains(r)) {
            return Err(MigrateError::InvalidMigrations(format!(
                "the migration set `{}` requires `{missing}`, which is not given before it: add `.with(...)` of `{missing}` first",
                set.name()
            )));
        }
    }
    Ok(())
}

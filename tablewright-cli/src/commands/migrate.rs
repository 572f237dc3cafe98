//! `migrate up`, `migrate down` and `migrate redo`. Applying and reverting go through
//! [`tablewright::Migrator`] (the lock, the checksum ledger, the refusals, the order of the sets),
//! exactly as an application does at startup.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use tablewright::{Database, MigrationFile, Migrations, Migrator, Report, APP_SET};
use tablewright_core::migrations::MigrationSet;

use super::read_migrations;
use crate::failure::Failure;
use crate::sets::Sets;
use crate::target::connect;

/// Applies every set's pending migrations in order, or `--set`'s. `to`: only up to this version
/// of the one set. `lock_timeout` (`--lock-timeout`): how long to wait for another process (a
/// starting replica) to finish migrating.
pub fn up<C: Database>(url: &str, sets: &Sets, to: Option<&str>, lock_timeout: Duration) -> Result<(), Failure> {
    let Some(to) = to else {
        return run::<C>(url, sets, lock_timeout);
    };
    let set = match (&sets.only, sets.has_libraries()) {
        (Some(only), _) => only.as_str(),
        (None, false) => APP_SET,
        (None, true) => {
            return Err(Failure::error(format!(
                "--to {to} names a version of one migration set, and there are several: {}\n  = help: say which with --set, e.g. `tablewright migrate up --set {APP_SET} --to {to}`",
                sets.names().join(", ")
            )))
        }
    };
    let (migrations, dir) = sets.set(set);
    if migrations.by_version(to).is_none() {
        return Err(Failure::error(format!(
            "no migration with version {to} in {}",
            dir.display()
        )));
    }
    let applied = applied_versions::<C>(url, set)?;
    // The applied ones stay in the set so the migrator still verifies their checksums and does
    // not take them for migrations it does not know.
    let keep = |f: &MigrationFile| f.version().as_str() <= to || applied.contains(&f.version());
    let mut selected = sets.clone();
    selected.only = Some(set.to_string());
    selected.retain(set, keep);
    run::<C>(url, &selected, lock_timeout)
}

/// Reverts the newest applied migration of `--set`'s set (or every one newer than `to`); without
/// `--set`, of the one set that has applied migrations (the migrator refuses to guess among
/// several, and to revert what a later set's applied migration may use).
pub fn down<C: Database>(url: &str, sets: &Sets, to: Option<&str>, lock_timeout: Duration) -> Result<(), Failure> {
    let mut migrator = sets.migrator();
    let reverted = migrator.lock_timeout(lock_timeout).revert::<C>(url, to)?;
    if reverted.is_empty() {
        let of_set = match &sets.only {
            Some(set) if sets.has_libraries() => format!(" of the set `{set}`"),
            _ => String::new(),
        };
        match to {
            Some(version) => println!("nothing to revert: no applied migration{of_set} is newer than {version}"),
            None => println!("nothing to revert: no migration{of_set} is applied"),
        }
    }
    for name in &reverted {
        println!("reverted {name}");
    }
    Ok(())
}

/// The application's own set's newest migration, reverted and applied again.
pub fn redo<C: Database>(url: &str, dir: &Path, lock_timeout: Duration) -> Result<(), Failure> {
    let migrations = read_migrations(dir)?;
    let reverted = tablewright::revert::<C>(url, &migrations, None, lock_timeout)?;
    let Some(name) = reverted.first() else {
        println!("nothing to redo: no migration is applied");
        return Ok(());
    };
    println!("reverted {name}");
    // Only that one goes up again, not whatever else is pending.
    let applied = applied_versions::<C>(url, APP_SET)?;
    let selected: Migrations = migrations
        .iter()
        .filter(|f| f.name() == name || applied.contains(&f.version()))
        .cloned()
        .collect();
    let mut migrator = Migrator::new(&selected);
    migrator.lock_timeout(lock_timeout);
    apply::<C>(url, &migrator, dir)
}

fn run<C: Database>(url: &str, sets: &Sets, lock_timeout: Duration) -> Result<(), Failure> {
    let mut migrator = sets.migrator();
    migrator.lock_timeout(lock_timeout);
    apply::<C>(url, &migrator, &sets.app_dir)
}

fn apply<C: Database>(url: &str, migrator: &Migrator, app_dir: &Path) -> Result<(), Failure> {
    let report = crate::progress::while_migrating(|| migrator.run::<C>(url))?;
    print_report(&report);
    note_drafts(app_dir, &report);
    Ok(())
}

fn print_report(report: &Report) {
    for name in &report.adopted {
        println!("recorded the checksum of {name} (it was applied without one)");
    }
    // What a development database did to follow rewritten drafts: as the application's report
    // says it, so a rebuild (rows lost) is never silent.
    for change in &report.followed {
        println!("followed the edited draft: {change}");
    }
    for draft in &report.rebuilt {
        println!("rebuilt the draft {draft}: the rows it held are gone");
    }
    for applied in &report.applied {
        println!("applied {} ({} ms)", applied.name, applied.duration.as_millis());
    }
    if report.applied.is_empty() {
        println!(
            "nothing to apply: {} migration(s) already applied",
            report.already_applied
        );
    } else {
        println!(
            "{} applied, {} already applied before",
            report.applied.len(),
            report.already_applied
        );
    }
}

/// A draft is rewritten by the next `generate`, after which the database no longer matches it.
fn note_drafts(dir: &Path, report: &Report) {
    let applied: BTreeSet<&str> = report.applied.iter().map(|a| a.name.as_str()).collect();
    let Ok(set) = MigrationSet::read(dir) else { return };
    // The folders the next `generate` may rewrite (untracked by git, `draft = true`).
    for folder in set.folders[set.drafts()]
        .iter()
        .filter(|f| applied.contains(f.name.as_str()))
    {
        eprintln!(
            "note: {} is a draft: the next `generate` after a schema change rewrites it, and the next `migrate up` brings this database along",
            folder.name
        );
    }
}

/// The versions of `set` the database has applied.
fn applied_versions<C: Database>(url: &str, set: &str) -> Result<BTreeSet<String>, Failure> {
    let mut conn = connect::<C>(url)?;
    Ok(tablewright::applied_in_set(&mut conn, set)?
        .into_iter()
        .map(|a| a.version)
        .collect())
}

//! `migrate up`, `migrate down` and `migrate redo`. Applying goes through [`tablewright::Migrator`]
//! (the lock, the checksum ledger, the refusals), exactly as an application does at startup;
//! reverting through [`tablewright::revert`], which takes the same lock.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use tablewright::{Database, Migrations, Migrator, Report};
use tablewright_core::migrations::MigrationSet;

use super::read_migrations;
use crate::failure::Failure;
use crate::target::connect;

/// `lock_timeout` (`--lock-timeout`): how long to wait for another process (a starting replica)
/// to finish migrating.
pub fn up<C: Database>(url: &str, dir: &Path, to: Option<&str>, lock_timeout: Duration) -> Result<(), Failure> {
    let migrations = read_migrations(dir)?;
    let selected = match to {
        None => migrations,
        Some(to) => {
            if migrations.by_version(to).is_none() {
                return Err(Failure::error(format!(
                    "no migration with version {to} in {}",
                    dir.display()
                )));
            }
            let applied = applied_versions::<C>(url)?;
            // The applied ones stay in the set so the migrator still verifies their checksums
            // and does not take them for migrations it does not know.
            migrations
                .iter()
                .filter(|f| f.version().as_str() <= to || applied.contains(&f.version()))
                .cloned()
                .collect()
        }
    };
    run::<C>(url, &selected, dir, lock_timeout)
}

pub fn down<C: Database>(url: &str, dir: &Path, to: Option<&str>, lock_timeout: Duration) -> Result<(), Failure> {
    let migrations = read_migrations(dir)?;
    let reverted = tablewright::revert::<C>(url, &migrations, to, lock_timeout)?;
    if reverted.is_empty() {
        match to {
            Some(version) => println!("nothing to revert: no applied migration is newer than {version}"),
            None => println!("nothing to revert: no migration is applied"),
        }
    }
    for name in &reverted {
        println!("reverted {name}");
    }
    Ok(())
}

pub fn redo<C: Database>(url: &str, dir: &Path, lock_timeout: Duration) -> Result<(), Failure> {
    let migrations = read_migrations(dir)?;
    let reverted = tablewright::revert::<C>(url, &migrations, None, lock_timeout)?;
    let Some(name) = reverted.first() else {
        println!("nothing to redo: no migration is applied");
        return Ok(());
    };
    println!("reverted {name}");
    // Only that one goes up again, not whatever else is pending.
    let applied = applied_versions::<C>(url)?;
    let selected: Migrations = migrations
        .iter()
        .filter(|f| f.name() == name || applied.contains(&f.version()))
        .cloned()
        .collect();
    run::<C>(url, &selected, dir, lock_timeout)
}

fn run<C: Database>(url: &str, migrations: &Migrations, dir: &Path, lock_timeout: Duration) -> Result<(), Failure> {
    let report =
        crate::progress::while_migrating(|| Migrator::new(migrations).lock_timeout(lock_timeout).run::<C>(url))?;
    print_report(&report);
    note_drafts(dir, &report);
    Ok(())
}

fn print_report(report: &Report) {
    for name in &report.adopted {
        println!("recorded the checksum of {name} (it was applied without one)");
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

fn applied_versions<C: Database>(url: &str) -> Result<BTreeSet<String>, Failure> {
    let mut conn = connect::<C>(url)?;
    Ok(tablewright::applied_migrations(&mut conn)?
        .into_iter()
        .map(|a| a.version)
        .collect())
}

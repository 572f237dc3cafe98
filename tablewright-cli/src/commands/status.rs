//! `migrate status`: each migration of each set, applied or pending, and whether its SQL is still
//! what was applied; then what the database applied that the set's folder does not have (deleted,
//! or the database is ahead of it).

use std::path::Path;

use serde_json::json;
use tablewright::{AppliedMigration, Database, MigrationFile, Migrations};

use super::print_json;
use crate::args::Format;
use crate::failure::Failure;
use crate::sets::Sets;
use crate::target::connect;

struct Row<'a> {
    file: &'a MigrationFile,
    applied: Option<&'a AppliedMigration>,
}

impl Row<'_> {
    fn state(&self) -> &'static str {
        if self.applied.is_some() {
            "applied"
        } else {
            "pending"
        }
    }

    /// `ok`, `edited` or `unrecorded` for an applied migration.
    fn checksum(&self) -> Option<&'static str> {
        let applied = self.applied?;
        Some(match &applied.checksum {
            None => "unrecorded",
            Some(recorded) if *recorded == self.file.checksum() => "ok",
            Some(_) => "edited",
        })
    }
}

/// One set's state.
struct SetStatus<'a> {
    name: &'a str,
    dir: &'a Path,
    rows: Vec<Row<'a>>,
    /// Applied, not in the folder: (the entry, whether it is newer than every migration of the
    /// folder, i.e. the database is ahead).
    missing: Vec<(&'a AppliedMigration, bool)>,
}

impl<'a> SetStatus<'a> {
    fn new(name: &'a str, dir: &'a Path, migrations: &'a Migrations, applied: &'a [AppliedMigration]) -> SetStatus<'a> {
        // An empty folder is not behind the database: its migrations are gone.
        let newest = migrations.iter().map(|f| f.version()).max();
        SetStatus {
            name,
            dir,
            rows: migrations
                .iter()
                .map(|file| Row {
                    file,
                    applied: applied.iter().find(|a| a.version == file.version()),
                })
                .collect(),
            missing: applied
                .iter()
                .filter(|a| migrations.by_version(&a.version).is_none())
                .map(|a| (a, newest.as_ref().is_some_and(|newest| a.version > *newest)))
                .collect(),
        }
    }
}

pub fn status<C: Database>(url: &str, sets: &Sets, format: Format) -> Result<(), Failure> {
    let mut conn = connect::<C>(url)?;
    let chosen = sets.chosen();
    let mut applied = Vec::new();
    for name in &chosen {
        applied.push(tablewright::applied_in_set(&mut conn, name)?);
    }
    let statuses: Vec<SetStatus> = chosen
        .iter()
        .zip(&applied)
        .map(|(name, applied)| {
            let (migrations, dir) = sets.set(name);
            SetStatus::new(name, dir, migrations, applied)
        })
        .collect();
    // Sets the database has migrations of that this project does not run (a group it dropped,
    // a library it no longer lists): worth a line when showing every set.
    let names = sets.names();
    let unconfigured: Vec<String> = match sets.only {
        Some(_) => Vec::new(),
        None => tablewright::recorded_sets(&mut conn)?
            .into_iter()
            .filter(|s| !names.contains(&s.as_str()))
            .collect(),
    };
    match format {
        Format::Json => print_json(&json!({
            "sets": chosen,
            "migrations": statuses.iter().flat_map(|set| set.rows.iter().map(|row| json!({
                "set": set.name,
                "version": row.file.version(),
                "name": row.file.name(),
                "state": row.state(),
                "applied_at": row.applied.and_then(|a| a.run_on.clone()),
                "checksum": row.checksum(),
            }))).collect::<Vec<_>>(),
            "missing": statuses.iter().flat_map(|set| set.missing.iter().map(|(a, ahead)| json!({
                "set": set.name,
                "version": a.version,
                "name": a.name,
                "applied_at": a.run_on,
                "ahead": ahead,
            }))).collect::<Vec<_>>(),
            "unconfigured_sets": unconfigured,
        })),
        Format::Text => {
            let headers = sets.has_libraries();
            for (i, set) in statuses.iter().enumerate() {
                if headers {
                    if i > 0 {
                        println!();
                    }
                    println!("set {} ({})", set.name, set.dir.display());
                }
                print_text(set);
            }
            if !unconfigured.is_empty() {
                println!(
                    "\nthe database also has migrations of set(s) this project does not run: {}; add them to [[libraries]] in tablewright.toml (a group: to its library's `groups`) to see them",
                    unconfigured.join(", ")
                );
            }
        }
    }
    Ok(())
}

fn print_text(set: &SetStatus) {
    let SetStatus { rows, missing, dir, .. } = set;
    let width = rows
        .iter()
        .map(|r| r.file.name().len())
        .chain(missing.iter().map(|(a, _)| label(a).len()))
        .max()
        .unwrap_or(0)
        .max("MIGRATION".len());
    println!("{:width$}  {:8}  {:19}  CHECKSUM", "MIGRATION", "STATE", "APPLIED AT");
    for row in rows {
        let at = row.applied.and_then(|a| a.run_on.as_deref()).map(seconds).unwrap_or("");
        let line = format!(
            "{:width$}  {:8}  {at:19}  {}",
            row.file.name(),
            row.state(),
            row.checksum().unwrap_or("")
        );
        println!("{}", line.trim_end());
    }
    for (entry, ahead) in missing {
        println!(
            "{:width$}  {:8}  {:19}  {} {}",
            label(entry),
            "applied",
            entry.run_on.as_deref().map(seconds).unwrap_or(""),
            if *ahead { "ahead of" } else { "not in" },
            dir.display()
        );
    }
    let pending = rows.iter().filter(|r| r.applied.is_none()).count();
    println!("\n{} applied, {pending} pending", rows.len() - pending + missing.len());
    if rows.iter().any(|r| r.checksum() == Some("edited")) {
        println!("edited: the SQL changed after it was applied; restore it, or if the database already matches it, `tablewright restamp VERSION`");
    }
    if rows.iter().any(|r| r.checksum() == Some("unrecorded")) {
        println!("unrecorded: applied without a checksum (by diesel's own tools, or before the ledger); the next `migrate up` records it");
    }
    if missing.iter().any(|(_, ahead)| !ahead) {
        println!(
            "not in {}: applied, but the folder no longer has it; restore it (never delete an applied migration)",
            dir.display()
        );
    }
    if missing.iter().any(|(_, ahead)| *ahead) {
        let by = if set.name == tablewright::APP_SET {
            "a newer build of this crate"
        } else {
            "a newer version of the library"
        };
        println!(
            "ahead of {}: the database is ahead of the set `{}` ({by} applied it); this build refuses to start on it: deploy the version that has it",
            dir.display(),
            set.name
        );
    }
}

/// What the ledger knows the migration as, or its version.
fn label(entry: &AppliedMigration) -> String {
    entry.name.clone().unwrap_or_else(|| entry.version.clone())
}

/// `2026-11-23 16:40:01.123456+00` to `2026-11-23 16:40:01`: seconds are enough to read.
fn seconds(timestamp: &str) -> &str {
    timestamp.get(..19).unwrap_or(timestamp)
}

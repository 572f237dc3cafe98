//! `migrate status`: each migration of the folder, applied or pending, and whether its SQL is
//! still what was applied; then what the database applied that the folder no longer has.

use std::path::Path;

use serde_json::json;
use tablewright::{AppliedMigration, Database, MigrationFile};

use super::{print_json, read_migrations};
use crate::args::Format;
use crate::failure::Failure;
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

pub fn status<C: Database>(url: &str, dir: &Path, format: Format) -> Result<(), Failure> {
    let migrations = read_migrations(dir)?;
    let mut conn = connect::<C>(url)?;
    let applied = tablewright::applied_migrations(&mut conn)?;
    let rows: Vec<Row> = migrations
        .iter()
        .map(|file| Row {
            file,
            applied: applied.iter().find(|a| a.version == file.version()),
        })
        .collect();
    let missing: Vec<&AppliedMigration> = applied
        .iter()
        .filter(|a| migrations.by_version(&a.version).is_none())
        .collect();
    match format {
        Format::Json => print_json(&json!({
            "migrations": rows.iter().map(|row| json!({
                "version": row.file.version(),
                "name": row.file.name(),
                "state": row.state(),
                "applied_at": row.applied.and_then(|a| a.run_on.clone()),
                "checksum": row.checksum(),
            })).collect::<Vec<_>>(),
            "missing": missing.iter().map(|a| json!({
                "version": a.version,
                "name": a.name,
                "applied_at": a.run_on,
            })).collect::<Vec<_>>(),
        })),
        Format::Text => print_text(dir, &rows, &missing),
    }
    Ok(())
}

fn print_text(dir: &Path, rows: &[Row], missing: &[&AppliedMigration]) {
    let width = rows
        .iter()
        .map(|r| r.file.name().len())
        .chain(missing.iter().map(|a| label(a).len()))
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
    for entry in missing {
        println!(
            "{:width$}  {:8}  {:19}  not in {}",
            label(entry),
            "applied",
            entry.run_on.as_deref().map(seconds).unwrap_or(""),
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
    if !missing.is_empty() {
        println!(
            "not in {}: applied, but the folder no longer has it; restore it (never delete an applied migration)",
            dir.display()
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

//! `migrate baseline`: adopt a database that already holds the schema. The migrations that
//! create the schema are written into an empty migrations folder, sealed, and recorded as applied
//! on the database without running them, after checking that the database holds exactly what
//! they create (no drift): so adopting Tablewright never re-creates what exists, and never
//! records a migration the database does not match.

use std::time::SystemTime;

use tablewright::introspect::{drift_of, DriftError};
use tablewright::Database;
use tablewright_core::migrations::MigrationSet;
use tablewright_core::project::{Mode, Outcome, Project};
use tablewright_core::Schema;

use super::read_migrations;
use crate::failure::Failure;
use crate::target::connect;

pub fn baseline<C: Database>(url: &str, project: &Project, schema: &Schema) -> Result<(), Failure> {
    let dir = &project.migrations_dir;
    let existing = MigrationSet::read(dir).map_err(|e| Failure::error(format!("{}: {e}", dir.display())))?;
    if !existing.folders.is_empty() {
        return Err(Failure::error(format!(
            "{} already has {} migration(s); a baseline starts a migrations folder, so it must be empty (move them away, or apply them with `tablewright migrate up`)",
            dir.display(),
            existing.folders.len()
        )));
    }
    let mut conn = connect::<C>(url)?;
    // Everything that can refuse is asked before anything is written.
    let applied = tablewright::applied_migrations(&mut conn)?;
    if let Some(first) = applied.first() {
        return Err(Failure::error(format!(
            "the database already has {} migration(s) applied (the first: {}): it is migrated already, and a baseline is only for a database no migration ran on",
            applied.len(),
            first.version
        )));
    }
    let drift = drift_of(&mut conn, schema).map_err(|e| match e {
        DriftError::Schema(diagnostics) => {
            Failure::error(format!("cannot build the schema to compare with:\n{diagnostics}"))
        }
        DriftError::Database(message) => Failure::error(message),
    })?;
    if !drift.is_empty() {
        let lines: Vec<String> = drift.iter().map(|d| format!("  {d}")).collect();
        return Err(Failure::error(format!(
            "the database differs from the schema in {} way(s), so the baseline would not describe it:\n{}\n  = help: change the schema until `tablewright diff` finds nothing, then run the baseline again",
            drift.len(),
            lines.join("\n")
        )));
    }
    match project.sync(schema, Mode::Write, SystemTime::now()) {
        Ok(Outcome::Created { .. }) => {}
        Ok(other) => {
            return Err(Failure::error(format!(
                "the schema gave no migration to record ({other:?}); is it empty?"
            )))
        }
        Err(e) => return Err(Failure::error(e)),
    }
    // A baseline is what the database already is: sealed at once, never rewritten as a draft.
    let written = MigrationSet::read(dir).map_err(|e| Failure::error(format!("{}: {e}", dir.display())))?;
    for folder in &written.folders {
        folder
            .seal()
            .map_err(|e| Failure::error(format!("cannot seal {}: {e}", folder.path.display())))?;
    }
    let migrations = read_migrations(dir)?;
    let recorded = tablewright::baseline(&mut conn, &migrations)?;
    println!(
        "baseline: wrote and recorded {} migration(s) as applied, without running them (the database already holds the schema):",
        recorded.len()
    );
    for name in &recorded {
        println!("  {}", dir.join(name).display());
    }
    println!("Commit them; from now on `tablewright generate` writes the changes after this baseline.");
    Ok(())
}

//! `import`: write an existing database's tables as YAML schema files, then (unless told not
//! to) record a baseline migration for them (see [`super::baseline`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tablewright::Database;
use tablewright_core::catalog::{import as import_catalog, ImportOptions};
use tablewright_core::check::WAIVABLE;
use tablewright_core::project::Project;
use tablewright_core::Diagnostics;

use super::{baseline::baseline, load};
use crate::failure::Failure;
use crate::target::connect;

pub struct ImportPlan {
    pub out: PathBuf,
    pub options: ImportOptions,
    pub migrations: PathBuf,
    pub baseline: bool,
}

pub fn import<C: Database>(url: &str, plan: &ImportPlan) -> Result<(), Failure> {
    let mut conn = connect::<C>(url)?;
    let catalog = conn
        .catalog()
        .map_err(|e| Failure::error(format!("cannot read the database's catalog: {e}")))?;
    drop(conn);
    for table in plan.options.tables.iter().chain(&plan.options.external) {
        if !catalog.tables.contains_key(table) {
            return Err(Failure::error(format!("the database has no table `{table}`")));
        }
    }
    let imported = import_catalog(&catalog, C::DIALECT, &plan.options);
    write_files(&plan.out, &imported.files)?;
    // Counted in what was written, by each document's first key: the catalog's counts miss
    // MySQL's enum columns (written as enum types) and files hold functions and views too.
    let documents = |keys: &[&str]| {
        imported
            .files
            .iter()
            .flat_map(|(_, text)| text.lines())
            .filter(|line| {
                keys.iter()
                    .any(|key| line.strip_prefix(key).is_some_and(|r| r.starts_with(": ")))
            })
            .count()
    };
    let tables = documents(&["table"]);
    let types = documents(&["extension", "enum", "domain", "composite"]);
    let also = match types {
        0 => String::new(),
        n => format!(" and {n} extension(s), enum type(s), domain(s) and composite type(s)"),
    };
    println!("import: wrote {tables} table(s){also} to {}", plan.out.display());
    if !imported.notes.is_empty() {
        println!("not expressible in the schema yet (left out; `tablewright diff` will show them):");
        for note in &imported.notes {
            println!("  {note}");
        }
    }
    if !plan.baseline {
        return Ok(());
    }
    let project = Project {
        schema_dirs: vec![plan.out.clone()],
        source_dirs: vec![],
        migrations_dir: plan.migrations.clone(),
        dialect: C::DIALECT,
    };
    if let Err(diagnostics) = project.load() {
        let waivable = waivers(&diagnostics);
        return Err(Failure::error(diagnostics).context(format!(
            "the imported schema in {} has errors (above): fix them, or waive the ones that are deliberate (docs/checks.md#waivers), then record the baseline with `tablewright migrate baseline --schemas {}`{waivable}",
            plan.out.display(),
            plan.out.display()
        )));
    }
    let loaded = load(&project)?;
    baseline::<C>(url, &project, &loaded.schema)
}

/// The waivers that would answer the waivable findings, as YAML to add to each table's file (the
/// reason is for a person to write).
fn waivers(diagnostics: &Diagnostics) -> String {
    let mut by_table: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for diagnostic in diagnostics.errors() {
        let Some((table, object)) = &diagnostic.subject else {
            continue;
        };
        if WAIVABLE.iter().any(|(code, _)| *code == diagnostic.code) {
            by_table.entry(table).or_default().push(format!(
                "  - {{ check: {}, object: {object}, reason: '...' }}",
                diagnostic.code
            ));
        }
    }
    let mut text = String::new();
    for (table, entries) in by_table {
        text.push_str(&format!(
            "\n    to keep them in {table}.yaml as they are, add (with the reason):\n    waive:\n    {}",
            entries.join("\n    ")
        ));
    }
    text
}

/// Writes every file, refusing before writing any if one exists: an import never overwrites.
fn write_files(out: &Path, files: &[(String, String)]) -> Result<(), Failure> {
    let taken: Vec<String> = files
        .iter()
        .map(|(name, _)| out.join(name))
        .filter(|path| path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if !taken.is_empty() {
        return Err(Failure::error(format!(
            "refusing to overwrite {}; import into an empty folder (--out DIR)",
            taken.join(", ")
        )));
    }
    std::fs::create_dir_all(out).map_err(|e| Failure::error(format!("cannot create {}: {e}", out.display())))?;
    for (name, text) in files {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| Failure::error(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}

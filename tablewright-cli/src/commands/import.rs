//! `import`: write an existing database's tables as YAML schema files, then (unless told not
//! to) record a baseline migration for them (see [`super::baseline`]).

use std::path::{Path, PathBuf};

use tablewright::Database;
use tablewright_core::catalog::{import as import_catalog, ImportOptions};
use tablewright_core::project::Project;

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
    println!(
        "import: wrote {} table(s) to {}",
        imported.files.len(),
        plan.out.display()
    );
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
    let loaded = load(&project).map_err(|failure| {
        failure.context(format!(
            "the imported schema in {} has errors (above): fix them, or waive the ones that are deliberate (docs/checks.md#waivers), then record the baseline with `tablewright migrate baseline --schemas {}`",
            plan.out.display(),
            plan.out.display()
        ))
    })?;
    baseline::<C>(url, &project, &loaded.schema)
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

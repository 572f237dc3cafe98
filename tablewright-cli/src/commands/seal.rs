//! `seal`: freeze a draft migration so that `generate` never rewrites it.

use std::path::Path;

use tablewright_core::migrations::{MigrationFolder, MigrationSet};

use crate::failure::Failure;

pub fn seal(dir: &Path, version: Option<&str>) -> Result<(), Failure> {
    let set = MigrationSet::read(dir).map_err(|e| Failure::error(format!("{}: {e}", dir.display())))?;
    let index: usize = match version {
        // The folder name is accepted too: it is what `generate` prints.
        Some(wanted) => set
            .folders
            .iter()
            .position(|f| f.version == wanted || f.name == wanted)
            .ok_or_else(|| {
                Failure::error(format!(
                    "no migration with version {wanted} in {}; `tablewright migrate status` lists them",
                    dir.display()
                ))
            })?,
        None => set.latest_generated().map(|(index, _)| index).ok_or_else(|| {
            Failure::error(format!(
                "no generated migration in {} to seal (pass --migrations DIR?)",
                dir.display()
            ))
        })?,
    };
    let folder: &MigrationFolder = &set.folders[index];
    if !folder.is_generated() {
        println!(
            "{} was not written by Tablewright: generate never rewrites it, nothing to seal",
            folder.path.display()
        );
        return Ok(());
    }
    // A plan's migrations are sealed together: a backfill or index migration left a draft would
    // be rewritten away by the next generate.
    for folder in &set.folders[set.plan_group(index)] {
        let path = folder.path.display();
        match folder.seal() {
            Ok(true) => println!("sealed {path}: generate will not rewrite it again"),
            Ok(false) => println!("{path} is already sealed; nothing changed"),
            Err(e) => {
                return Err(Failure::error(format!(
                    "{}: {e}",
                    folder.path.join("metadata.toml").display()
                )))
            }
        }
    }
    println!("the next schema change starts a new migration");
    Ok(())
}

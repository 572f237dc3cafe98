//! `seal`: freeze a draft migration so that `generate` never rewrites it.

use std::path::Path;

use tablewright_core::migrations::{MigrationFolder, MigrationSet};

use crate::failure::Failure;

pub fn seal(dir: &Path, version: Option<&str>) -> Result<(), Failure> {
    let set = MigrationSet::read(dir).map_err(|e| Failure::error(format!("{}: {e}", dir.display())))?;
    let folder: &MigrationFolder = match version {
        // The folder name is accepted too: it is what `generate` prints.
        Some(wanted) => set
            .folders
            .iter()
            .find(|f| f.version == wanted || f.name == wanted)
            .ok_or_else(|| {
                Failure::error(format!(
                    "no migration with version {wanted} in {}; `tablewright migrate status` lists them",
                    dir.display()
                ))
            })?,
        None => set.latest_generated().map(|(_, folder)| folder).ok_or_else(|| {
            Failure::error(format!(
                "no generated migration in {} to seal (pass --migrations DIR?)",
                dir.display()
            ))
        })?,
    };
    let path = folder.path.display();
    if !folder.is_generated() {
        println!("{path} was not written by Tablewright: generate never rewrites it, nothing to seal");
        return Ok(());
    }
    match folder.seal() {
        Ok(true) => {
            println!("sealed {path}: generate will not rewrite it again; the next schema change starts a new migration")
        }
        Ok(false) => println!("{path} is already sealed; nothing changed"),
        Err(e) => {
            return Err(Failure::error(format!(
                "{}: {e}",
                folder.path.join("metadata.toml").display()
            )))
        }
    }
    Ok(())
}

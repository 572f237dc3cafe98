//! `restamp VERSION`: accept the current SQL of an applied migration as what was applied.

use std::path::Path;

use tablewright::Database;

use super::{read_migrations, short};
use crate::failure::Failure;
use crate::target::connect;

pub fn restamp<C: Database>(url: &str, dir: &Path, version: &str) -> Result<(), Failure> {
    let migrations = read_migrations(dir)?;
    let file = migrations.by_version(version).ok_or_else(|| {
        Failure::error(format!(
            "no migration with version {version} in {}; `tablewright migrate status` lists them",
            dir.display()
        ))
    })?;
    let mut conn = connect::<C>(url)?;
    let applied = tablewright::applied_migrations(&mut conn)?;
    // A pending migration gets its checksum when it is applied; a ledger row recorded now would
    // make that insert fail.
    let Some(entry) = applied.iter().find(|a| a.version == version) else {
        return Err(Failure::error(format!("{} is not applied, so there is nothing to restamp; `tablewright migrate up` applies it and records its checksum", file.name())));
    };
    let current = file.checksum();
    if entry.checksum.as_deref() == Some(current.as_str()) {
        println!(
            "{} is unchanged since it was applied (checksum {}); nothing to restamp",
            file.name(),
            short(&current)
        );
        return Ok(());
    }
    let recorded = tablewright::restamp(&mut conn, &migrations, version)?;
    let before = entry
        .checksum
        .as_deref()
        .map(|c| format!("was {}", short(c)))
        .unwrap_or_else(|| "none was recorded".into());
    println!("recorded checksum {} for {} ({before})", short(&recorded), file.name());
    Ok(())
}

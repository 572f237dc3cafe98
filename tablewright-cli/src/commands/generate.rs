//! `generate` and `check`: bring the migrations up to date with the schema, or only say whether
//! they are.

use std::time::SystemTime;

use tablewright_core::project::{Mode, Outcome, Project, SyncError};

use super::load;
use crate::failure::Failure;
use crate::settings::Settings;

/// `settings` give the linter's options for what is written.
pub fn generate(project: Project, mode: Mode, settings: &Settings) -> Result<(), Failure> {
    let loaded = load(&project)?;
    let synced = project.sync_with_notes(&loaded.schema, mode, SystemTime::now());
    if let Ok((_, notes)) = &synced {
        for note in notes {
            eprintln!("warning: {note}");
        }
    }
    // Every migration generate writes is linted as written.
    let lint = |folder: &std::path::Path| {
        super::lint::after_generate(
            &project.migrations_dir,
            folder,
            project.dialect,
            &loaded.schema,
            settings,
        )
    };
    match synced.map(|(outcome, _)| outcome) {
        Ok(Outcome::UpToDate) => println!("the migrations in {}/ are up to date", project.migrations_dir.display()),
        Ok(Outcome::Created { folder, summary }) => {
            println!("wrote {}\n  {}", folder.display(), summary.join("\n  "));
            lint(&folder);
        }
        Ok(Outcome::Updated { folder, summary, edit }) => {
            if edit.is_empty() || edit == summary {
                println!("updated draft {}\n  {}", folder.display(), summary.join("\n  "));
            } else {
                println!(
                    "updated draft {}: {}\n  the draft now:\n  {}",
                    folder.display(),
                    edit.join(", "),
                    summary.join("\n  ")
                );
            }
            lint(&folder);
        }
        Ok(Outcome::Removed { folder }) => println!(
            "removed draft {} (the schema is back to the previous migration's)",
            folder.display()
        ),
        Err(stale @ SyncError::Stale { .. }) => return Err(Failure::found(stale)),
        Err(other) => return Err(Failure::error(other)),
    }
    // The process ends with the command: its memory goes back whole, without freeing a
    // thousand tables' model value by value (a fiftieth of `generate`'s instructions).
    std::mem::forget(loaded);
    Ok(())
}

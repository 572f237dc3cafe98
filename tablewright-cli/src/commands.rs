//! The subcommands, as functions from arguments to an exit status.

use std::time::SystemTime;

use tablewright_core::project::{Mode, Outcome, Project, SyncError};

/// A failed command: what to print and the exit code.
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    fn new(code: u8, message: impl ToString) -> Failure {
        Failure { message: message.to_string(), code }
    }
}

/// `generate` and `check`.
pub fn generate(project: Project, check_only: bool) -> Result<(), Failure> {
    let loaded = project.load().map_err(|d| Failure::new(2, d))?;
    for warning in loaded.warnings.warnings() {
        eprintln!("{warning}\n");
    }
    let mode = if check_only { Mode::Check } else { Mode::Write };
    match project.sync(&loaded.schema, mode, SystemTime::now()) {
        Ok(Outcome::UpToDate) => {
            println!("migrations in {} are up to date", project.migrations_dir.display());
            Ok(())
        }
        Ok(Outcome::Created { folder, summary }) => {
            println!("wrote {}\n  {}", folder.display(), summary.join("\n  "));
            Ok(())
        }
        Ok(Outcome::Updated { folder, summary }) => {
            println!("updated draft {}\n  {}", folder.display(), summary.join("\n  "));
            Ok(())
        }
        Ok(Outcome::Removed { folder }) => {
            println!("removed draft {} (the schema is back to the previous migration's)", folder.display());
            Ok(())
        }
        Err(SyncError::Stale { dir, change }) => Err(Failure::new(1, SyncError::Stale { dir, change })),
        Err(other) => Err(Failure::new(2, other)),
    }
}

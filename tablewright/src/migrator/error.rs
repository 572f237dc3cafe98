//! Why a startup migration stopped, each case with the way out.

use std::fmt;
use std::time::Duration;

use tablewright_core::catalog::Drift;

#[derive(thiserror::Error)]
pub enum MigrateError {
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error("waited {waited:?} for the migration lock, which another process still holds; it is probably migrating now (raise the timeout with Migrator::lock_timeout), or hung (find it with the database's lock views)")]
    LockTimeout { waited: Duration },
    #[error("{}", refusal_message(.0))]
    Refused(Vec<Refusal>),
    #[error("migration {name} failed{}: {message}", statement.map(|s| format!(" at statement {}", s + 1)).unwrap_or_default())]
    Failed {
        name: String,
        statement: Option<usize>,
        message: String,
    },
    #[error("shared tables do not have what this app needs:\n{}\n  = help: the owning team's migrations must run first, or the schema declares columns that do not exist", lines(.0))]
    External(Vec<Drift>),
    #[error("database error: {0}")]
    Database(String),
}

/// `fn main() -> Result<(), Box<dyn Error>>` prints a returned error with `Debug`: it shows the
/// same message as `Display`, with its way out, instead of a dump of the variant. The data stays
/// in the variants for code that matches on them.
impl fmt::Debug for MigrateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl From<diesel::result::Error> for MigrateError {
    fn from(error: diesel::result::Error) -> MigrateError {
        MigrateError::Database(error.to_string())
    }
}

/// Something about the applied migrations that makes migrating unsafe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// An applied migration whose SQL changed afterwards.
    Tampered {
        name: String,
        recorded: String,
        current: String,
    },
    /// Applied, older than the binary's newest migration, but no longer in the binary.
    Missing { version: String, name: Option<String> },
    /// Applied, newer than anything the binary knows: the database is ahead of the binary.
    Unknown { version: String, name: Option<String> },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Tampered { name, recorded, current } => write!(
                f,
                "migration {name} was edited after it was applied (checksum {} when applied, {} now)\n  = help: restore the file as it was applied; if the edit is intended and the database already matches it, record it with `tablewright restamp {}`",
                &recorded[..12.min(recorded.len())],
                &current[..12.min(current.len())],
                name.split('_').next().unwrap_or(name)
            ),
            Refusal::Missing { version, name } => write!(
                f,
                "migration {} is applied but no longer in this binary (deleted or renamed?)\n  = help: restore the folder; never remove a migration that has been applied",
                name.as_deref().unwrap_or(version)
            ),
            Refusal::Unknown { version, name } => write!(
                f,
                "the database has migration {}, which this binary does not know: it is ahead of this binary (a rollback deploy?)\n  = help: deploy the binary that has it, or start with Migrator::allow_unknown_applied(true) if this binary is known to work with the newer schema",
                name.as_deref().unwrap_or(version)
            ),
        }
    }
}

fn refusal_message(refusals: &[Refusal]) -> String {
    let mut text = String::from("refusing to migrate:");
    for refusal in refusals {
        text.push_str("\n- ");
        text.push_str(&refusal.to_string());
    }
    text
}

fn lines(drifts: &[Drift]) -> String {
    drifts.iter().map(|d| format!("  - {d}")).collect::<Vec<_>>().join("\n")
}

//! A command that did not succeed: what to print, and the exit code a script sees.

use std::fmt::Display;

/// Migrations out of date (`check`), or drift found (`diff`).
pub const FOUND: u8 = 1;
/// Schema errors, bad usage, connection or database errors, refused migrations.
pub const ERROR: u8 = 2;

pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    pub fn error(message: impl Display) -> Failure {
        Failure {
            message: message.to_string(),
            code: ERROR,
        }
    }

    /// The same failure, with a line saying what to do next.
    pub fn context(self, next: impl Display) -> Failure {
        Failure {
            message: format!("{}\n  = help: {next}", self.message),
            code: self.code,
        }
    }

    pub fn found(message: impl Display) -> Failure {
        Failure {
            message: message.to_string(),
            code: FOUND,
        }
    }
}

/// The migrator's messages already say what to do; they are printed whole, except that a lock
/// timeout names the flag that waits longer here, not the library's `Migrator::lock_timeout`.
impl From<tablewright::MigrateError> for Failure {
    fn from(error: tablewright::MigrateError) -> Failure {
        match error {
            tablewright::MigrateError::LockTimeout { waited } => Failure::error(
                tablewright::MigrateError::lock_timeout_message(waited, "--lock-timeout (e.g. --lock-timeout 5m)"),
            ),
            other => Failure::error(other),
        }
    }
}

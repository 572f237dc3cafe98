//! Why a startup migration stopped, each case with the way out.

use std::fmt;
use std::time::Duration;

use tablewright_runtime_core::catalog::Drift;

/// Why a run stopped. (The messages are written out below rather than derived: a derive crate
/// would be two more units in every application's build, and the runtime keeps to diesel's.)
pub enum MigrateError {
    Connect(String),
    LockTimeout {
        waited: Duration,
    },
    Refused(Vec<Refusal>),
    /// A revert that a later set's applied migrations may depend on
    /// ([`Refusal::NeededByLaterSet`]).
    RevertRefused(Vec<Refusal>),
    Failed {
        name: String,
        statement: Option<usize>,
        message: String,
    },
    External(Vec<Drift>),
    InvalidMigrations(String),
    Database(String),
    UnknownSet {
        name: String,
        known: Vec<String>,
    },
    /// Reverting without naming a set, when several have applied migrations.
    ChooseSet(Vec<String>),
}

impl fmt::Display for MigrateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MigrateError::Connect(e) => write!(f, "cannot connect to the database: {e}"),
            MigrateError::LockTimeout { waited } => f.write_str(&MigrateError::lock_timeout_message(
                *waited,
                "Migrator::lock_timeout (for tablewright::revert, its lock_timeout argument)",
            )),
            MigrateError::Refused(refusals) => f.write_str(&refusal_message(refusals)),
            MigrateError::RevertRefused(refusals) => {
                f.write_str("refusing to revert:")?;
                refusals.iter().try_for_each(|r| write!(f, "\n- {r}"))
            }
            MigrateError::Failed { name, statement, message } => {
                write!(f, "migration {name} failed")?;
                if let Some(statement) = statement {
                    write!(f, " at statement {}", statement + 1)?;
                }
                write!(f, ": {message}")
            }
            MigrateError::External(drifts) => write!(
                f,
                "shared tables do not have what this app needs:\n{}\n  = help: the owning team's migrations must run first, or the schema declares columns that do not exist",
                lines(drifts)
            ),
            MigrateError::InvalidMigrations(e) => write!(f, "the migrations cannot be applied: {e}"),
            MigrateError::Database(e) => write!(f, "database error: {e}"),
            MigrateError::UnknownSet { name, known } => write!(
                f,
                "there is no migration set `{name}`; the sets are: {}",
                known.join(", ")
            ),
            MigrateError::ChooseSet(newest) => write!(
                f,
                "several migration sets have applied migrations, so which one to revert is not clear; their newest:\n{}\n  = help: name the set: `tablewright migrate down --set <set>` (or `Migrator::only`); revert the sets that come later first",
                newest.iter().map(|s| format!("  - {s}")).collect::<Vec<_>>().join("\n")
            ),
        }
    }
}

impl std::error::Error for MigrateError {}

impl MigrateError {
    /// What a [`MigrateError::LockTimeout`] says, with `option` as the way to wait longer. The
    /// library names `Migrator::lock_timeout`; the command line, which has no Migrator to
    /// configure, names its `--lock-timeout` flag.
    pub fn lock_timeout_message(waited: Duration, option: &str) -> String {
        format!(
            "waited {:.1?} for the migration lock, which another process still holds: it is probably migrating now, or hung\n  = help: wait longer with {option}; to find the holder, look in the database's lock views (PostgreSQL: pg_locks where locktype = 'advisory'; MySQL: IS_USED_LOCK('tablewright:<database>'); SQLite: the process that has the file open in a write transaction)",
            waited
        )
    }
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
    /// A migration applied as a draft that changed since, and that this run cannot follow: a
    /// release build or `Migrator::follow_drafts(false)`, an edit by hand, or sealed since.
    DraftRewritten {
        name: String,
        /// This binary has it sealed (or committed): there is no draft to follow any more.
        sealed: bool,
    },
    /// A migration run one statement at a time was interrupted, and the statements that
    /// completed are no longer the file's (`statement` is the first that differs).
    EditedWhileHalfApplied {
        name: String,
        statement: usize,
        completed: usize,
    },
    /// Applied, older than the binary's newest migration, but no longer in the binary.
    Missing { version: String, name: Option<String> },
    /// Applied, newer than anything the binary knows: the database is ahead of the binary.
    Unknown { version: String, name: Option<String> },
    /// Applying one set alone, when a set it requires has migrations not applied yet.
    RequiredSetPending {
        set: String,
        required: String,
        pending: usize,
        /// The first of them.
        first: String,
    },
    /// Reverting a migration of `set` when `dependent`, which requires it, applied `migration`
    /// after it (or in the same second): that migration may use what the revert takes away.
    NeededByLaterSet {
        set: String,
        dependent: String,
        migration: String,
    },
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
            Refusal::DraftRewritten { name, sealed: true } => write!(
                f,
                "migration {name} was applied as a draft, and has been sealed since in a version this database did not apply\n  = help: revert it with `tablewright migrate down` (it runs the down SQL the migration was applied with) and start again; or, if the database already matches the sealed version, record it with `tablewright restamp {}`",
                name.split('_').next().unwrap_or(name)
            ),
            Refusal::DraftRewritten { name, sealed: false } => write!(
                f,
                "migration {name} was applied as a draft and has changed since, with no follow-up for this database\n  = help: a debug build of the app (or `tablewright migrate up`) brings a development database along with a draft the build rewrote; release builds and `Migrator::follow_drafts(false)` never do, and a draft edited by hand has no follow-up. Revert it with `tablewright migrate down` (it runs the down SQL the migration was applied with) and start again; or, if the database already matches the edit, record it with `tablewright restamp {}`",
                name.split('_').next().unwrap_or(name)
            ),
            Refusal::EditedWhileHalfApplied { name, statement, completed } => write!(
                f,
                "migration {name} was interrupted after {completed} of its statements ran, and was edited since: statement {} is not the one that ran\n  = help: restore the file as it was (so the run can finish), then put the change in a new migration; or undo by hand what those statements did and forget the run with `DELETE FROM __tablewright_progress WHERE version = '{}'`",
                statement + 1,
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
            Refusal::RequiredSetPending { set, required, pending, first } => write!(
                f,
                "the migration set `{set}` requires `{required}`, which has {pending} migration(s) not applied yet (the first: {first})\n  = help: apply `{required}` first: `tablewright migrate up --set {required}`, or `tablewright migrate up` for every set in order"
            ),
            Refusal::NeededByLaterSet { set, dependent, migration } => write!(
                f,
                "the migration set `{dependent}` requires `{set}`, and its migration {migration} was applied after the one to revert (or in the same second): it may use what the revert takes away\n  = help: revert `{dependent}` first (`tablewright migrate down --set {dependent}`), down to a migration older than the one to revert"
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

//! Diesel migration folders: reading what exists, and writing what the schema needs.
//!
//! Each folder Tablewright writes holds diesel's `up.sql`, `down.sql` and `metadata.toml`, plus
//! `schema.snapshot.json`: the whole model after the migration, which is what the next
//! generation diffs against. The newest generated migration stays a *draft* (rewritten on every
//! schema edit) until it is committed to git or sealed.

pub mod drafts;
mod folder;
mod fs;
mod git;
mod snapshot;
mod version;

pub use folder::{FolderProblem, Metadata, MigrationFolder, MigrationSet};
pub use fs::{write_if_changed, WriteOutcome};
pub use git::is_tracked;
pub use snapshot::{Snapshot, SNAPSHOT_FILE};
/// The ledger's checksum, computed by the runtime too (`tablewright-runtime-core`).
pub use tablewright_runtime_core::checksum;
pub use version::{next_version, utc_timestamp};

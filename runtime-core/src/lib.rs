//! The run-time half of Tablewright's engine: what the application's startup migration needs and
//! shares with the schema compiler (`tablewright-core`, which re-exports each module at the same
//! path). It depends on no database driver and on nothing of the compiler, so an application
//! that applies its migrations links this, and not the YAML reader, attribute parser, checks,
//! planner or renderer.
//!
//! - [`dialect`]: the three databases;
//! - [`sql`]: where a script's statements end, and how identifiers and literals are quoted;
//! - [`checksum`]: what the ledger records for an applied migration;
//! - [`catalog`]: what a live database holds, as introspection reads it;
//! - [`shared_tables`]: the tables owned by another team that the application needs, embedded
//!   by the build script and checked against the catalog at startup.

pub mod catalog;
mod checksum;
pub mod dialect;
pub mod shared_tables;
pub mod sql;

pub use checksum::checksum;
pub use dialect::Dialect;

/// The name tools give the application's own migration set, beside the sets of the libraries it
/// runs (`agents`, `agents/scheduler`). The ledger records the application's migrations by bare
/// version, so the name is never stored; a library may not take it.
pub const APP_SET: &str = "app";

/// The longest key the ledger records (its `version` columns are `VARCHAR(50)`): a version of the
/// application's own set, or `<set>:<version>` for a library's.
pub const MAX_LEDGER_KEY_LEN: usize = 50;

/// What is wrong with `name` as a library's set name, if anything: letters, digits, `_` and `-`
/// (the ledger separates a group with `/` and a version with `:`), and not [`APP_SET`].
pub fn set_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        Some("a set's name is empty".into())
    } else if name == APP_SET {
        Some(format!("`{APP_SET}` is the application's own set"))
    } else {
        name.chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
            .map(|c| format!("a set's name has letters, digits, `_` and `-` only, not `{c}`"))
    }
}

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

//! Tablewright's engine. A plain library: everything the derive, the build script and the CLI do
//! is here, testable without a proc-macro or a database.
//!
//! ```text
//! YAML files ──┐
//!              ├─► model ─► check ─► plan(previous, current) ─► render per dialect ─► migrations
//! Rust structs ┘      └─► diesel `table!`
//! ```

pub mod catalog;
pub mod check;
pub mod config;
pub mod derive;
pub mod diagnostic;
/// The three databases (defined in `tablewright-runtime-core`, which the runtime shares).
pub use tablewright_runtime_core::dialect;
pub mod diesel_schema;
pub mod embed;
pub mod library;
pub mod migrations;
pub mod model;
pub mod outputs;
pub mod plan;
pub mod project;
pub mod render;
pub mod seeds;
pub mod shared_tables;
pub mod source;
pub mod sql;
pub mod text_file;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use dialect::Dialect;
pub use model::Schema;

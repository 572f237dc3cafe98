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
pub mod missing_feature;
pub mod model;
pub mod outputs;
mod parallel;
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

/// A temporary folder for a unit test under the target folder's `tmp/` (the nearest folder
/// above the test binary holding cargo's `CACHEDIR.TAG`): tests write nothing outside it.
#[cfg(test)]
pub(crate) fn test_dir() -> tempfile::TempDir {
    let exe = std::env::current_exe().expect("the test binary's path");
    // Cargo tags a target folder it creates; one made before (by .ci/run) is the folder above
    // `<profile>/deps/`.
    let tagged = exe.ancestors().skip(1).find(|dir| dir.join("CACHEDIR.TAG").is_file());
    let above_deps = || {
        let deps = exe
            .parent()
            .filter(|dir| dir.file_name().is_some_and(|name| name == "deps"))?;
        deps.parent()?.parent()
    };
    let target = tagged
        .or_else(above_deps)
        .unwrap_or_else(|| panic!("no cargo target folder above {}", exe.display()));
    let tmp = target.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap_or_else(|e| panic!("cannot create {}: {e}", tmp.display()));
    tempfile::tempdir_in(&tmp).unwrap_or_else(|e| panic!("cannot create a folder in {}: {e}", tmp.display()))
}

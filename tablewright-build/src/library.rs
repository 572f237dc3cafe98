//! The build script of a library crate that owns tables, and what a host's build script reads
//! from it.
//!
//! ```no_run
//! // build.rs of the library `agents` (Cargo.toml: `links = "agents"`, see below)
//! fn main() {
//!     tablewright_build::Library::new("agents")
//!         .scan("src/models")
//!         .dialects([
//!             tablewright_build::Dialect::Postgres,
//!             tablewright_build::Dialect::Sqlite,
//!             tablewright_build::Dialect::Mysql,
//!         ])
//!         .generate();
//! }
//! ```
//!
//! It writes every set's migrations, for every database, under `migrations/<group>/<dialect>/`
//! (`core` for the tables of no group), which the library embeds with
//! `tablewright::embed_migrations!(set = "agents")` (and `group = "..."` for each optional
//! group). It also publishes a manifest of its tables as cargo `links` metadata: with
//! `links = "agents"` in the library's `[package]`, the build script of a crate that depends on
//! it reads the manifest (`tablewright_build::Builder` does so by itself), so the host's tables
//! may reference the library's.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use tablewright_core::library::{self, MANIFEST_KEY};
use tablewright_core::model::Table;
use tablewright_core::project::{Mode, Outcome, SyncError};
use tablewright_core::Dialect;

use crate::{cargo, check_requested, Error};

/// The manifest's file name in `OUT_DIR`.
pub const MANIFEST_FILE: &str = "tablewright_set.json";

/// Configures and runs a library's generation.
#[derive(Clone, Debug)]
pub struct Library {
    name: String,
    schema_dirs: Vec<PathBuf>,
    source_dirs: Vec<PathBuf>,
    migrations_dir: PathBuf,
    dialects: Vec<Dialect>,
    check_only: Option<bool>,
}

impl Library {
    /// A library whose migration set is called `name` (usually the crate's name).
    pub fn new(name: &str) -> Library {
        Library {
            name: name.to_string(),
            schema_dirs: Vec::new(),
            source_dirs: Vec::new(),
            migrations_dir: PathBuf::from("migrations"),
            dialects: Vec::new(),
            check_only: None,
        }
    }

    /// A folder of YAML schema files.
    pub fn schemas(&mut self, dir: impl AsRef<Path>) -> &mut Library {
        self.schema_dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// A folder of Rust sources with `#[derive(Table)]` structs.
    pub fn scan(&mut self, dir: impl AsRef<Path>) -> &mut Library {
        self.source_dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// The root of the sets' folders (default `migrations`).
    pub fn migrations(&mut self, dir: impl AsRef<Path>) -> &mut Library {
        self.migrations_dir = dir.as_ref().to_path_buf();
        self
    }

    /// Every database the library supports.
    pub fn dialects(&mut self, dialects: impl IntoIterator<Item = Dialect>) -> &mut Library {
        self.dialects = dialects.into_iter().collect();
        self
    }

    /// Write nothing and fail if the migrations are stale (default: when `CI` or
    /// `TABLEWRIGHT_CHECK` is set).
    pub fn check_only(&mut self, check_only: bool) -> &mut Library {
        self.check_only = Some(check_only);
        self
    }

    /// Runs; on failure reports every error once and fails the build (see
    /// [`Builder::generate`](crate::Builder::generate)).
    pub fn generate(&mut self) {
        if let Err(error) = self.try_generate() {
            crate::fail(error);
        }
    }

    /// Runs and returns what each set, for each database, did.
    pub fn try_generate(&mut self) -> Result<Vec<library::SetOutcome>, Error> {
        let root = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_default();
        let at_root = |p: &Path| if p.is_absolute() { p.to_path_buf() } else { root.join(p) };
        if let Some(problem) = library::set_name_problem(&self.name) {
            return Err(Error::Config(format!(
                "`Library::new({:?})`: {problem}; the name is the set's in every host's ledger, e.g. the crate's name with `_`",
                self.name
            )));
        }
        if self.dialects.is_empty() {
            return Err(Error::Config(
                "a library lists the databases it supports: add `.dialects([tablewright_build::Dialect::Postgres, tablewright_build::Dialect::Sqlite, tablewright_build::Dialect::Mysql])` (or some of them)".into(),
            ));
        }
        let library = library::Library {
            name: self.name.clone(),
            schema_dirs: self.schema_dirs.iter().map(|p| at_root(p)).collect(),
            source_dirs: self.source_dirs.iter().map(|p| at_root(p)).collect(),
            migrations_dir: at_root(&self.migrations_dir),
            dialects: self.dialects.clone(),
        };
        let in_build_script = std::env::var_os("OUT_DIR").is_some();
        for dir in library.schema_dirs.iter().chain(&library.source_dirs) {
            cargo(in_build_script, &format!("rerun-if-changed={}", dir.display()));
        }
        let check_only = self.check_only.unwrap_or_else(check_requested);
        if !check_only {
            std::fs::create_dir_all(&library.migrations_dir).map_err(|source| Error::Io {
                path: library.migrations_dir.clone(),
                source,
            })?;
        }
        cargo(
            in_build_script,
            &format!("rerun-if-changed={}", library.migrations_dir.display()),
        );
        let loaded = library.load().map_err(Error::Schema)?;
        let mode = if check_only { Mode::Check } else { Mode::Write };
        let outcomes = library
            .sync(&loaded.schema, mode, SystemTime::now())
            .map_err(|e| match e {
                SyncError::Schema(diagnostics) => Error::Schema(diagnostics),
                other => Error::Sync(other),
            })?;
        for outcome in &outcomes {
            for note in &outcome.notes {
                cargo(in_build_script, &format!("warning=tablewright: {note}"));
            }
            if let Outcome::Created { folder, summary } | Outcome::Updated { folder, summary, .. } = &outcome.outcome {
                cargo(
                    in_build_script,
                    &format!(
                        "warning=tablewright: set {} for {}: wrote {} ({})",
                        outcome.set,
                        outcome.dialect,
                        folder.display(),
                        summary.join(", ")
                    ),
                );
            }
        }
        if let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) {
            let path = out_dir.join(MANIFEST_FILE);
            tablewright_core::migrations::write_if_changed(&path, &library.manifest(&loaded.schema)).map_err(
                |source| Error::Io {
                    path: path.clone(),
                    source,
                },
            )?;
            // Read by the build scripts of the crates that depend on this one (with `links`).
            cargo(in_build_script, &format!("{MANIFEST_KEY}={}", path.display()));
        }
        Ok(outcomes)
    }
}

/// The tables the libraries this crate depends on create, as external tables of their sets:
/// from each `DEP_<LINKS>_TABLEWRIGHT_SET` manifest cargo passes to this build script.
pub(crate) fn provided_by_dependencies(in_build_script: bool) -> Result<Vec<Table>, Error> {
    let suffix = format!("_{}", MANIFEST_KEY.to_ascii_uppercase());
    let mut manifests: Vec<(String, String)> = std::env::vars()
        .filter(|(key, _)| key.starts_with("DEP_") && key.ends_with(&suffix))
        .collect();
    manifests.sort();
    let mut tables = Vec::new();
    for (key, path) in manifests {
        cargo(in_build_script, &format!("rerun-if-env-changed={key}"));
        cargo(in_build_script, &format!("rerun-if-changed={path}"));
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
            path: PathBuf::from(&path),
            source,
        })?;
        let provided = library::provided_tables(&text)
            .map_err(|e| Error::Config(format!("the table manifest {path} ({key}) does not read: {e}")))?;
        tables.extend(provided);
    }
    Ok(tables)
}

//! Call Tablewright from `build.rs`: it reads the schema (YAML files and `#[derive(Table)]`
//! structs), checks it, writes the next diesel migration when the schema changed, and writes
//! diesel `table!` definitions for the YAML tables.
//!
//! The settings live next to `Cargo.toml`, where the `tablewright` command line reads them too:
//!
//! ```toml
//! # tablewright.toml (or the same keys under [package.metadata.tablewright] in Cargo.toml)
//! schemas = ["schemas"]        # YAML files, searched recursively (the `yaml` feature)
//! scan = ["src/models"]        # Rust sources with #[derive(Table)]
//! migrations = "migrations"    # the default
//! dialect = "postgres"         # postgres, sqlite or mysql
//! ```
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     tablewright_build::generate();
//! }
//! ```
//!
//! Each setting can also be given to the [`Builder`], which takes precedence over the file key
//! by key (and warns when the two disagree, since the command line only reads the file):
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     tablewright_build::Builder::new()
//!         .schemas("schemas")
//!         .scan("src/models")
//!         .migrations("migrations")
//!         .dialect(tablewright_build::Dialect::Postgres)
//!         .generate();
//! }
//! ```
//!
//! Then `include!(concat!(env!("OUT_DIR"), "/tablewright_schema.rs"));` in `src/schema.rs`
//! (the module `crate::schema`; another one is named with `schema_module`) gives the `table!`
//! of every YAML table, `tablewright::embed_migrations!()` ships the migrations in the binary,
//! and `tablewright::include_schema!()` the shared tables the migrator verifies at startup (the
//! columns the app reads from tables owned by other teams, as a Rust expression: the binary
//! parses nothing).
//!
//! # Features
//!
//! `#[derive(Table)]` needs none. `yaml` reads YAML schema files and `seeds/*.yaml`, `csv` reads
//! `seeds/*.csv`; off, a file that needs one fails the build at that file (`missing-feature`).
//! `lint` lints each migration the build writes.
//!
//! # Relations between tables
//!
//! diesel needs `joinable!` for each foreign key it joins on and
//! `allow_tables_to_appear_in_same_query!` for each pair of tables, once each in the crate. A
//! derive sees one struct, so the build script, which reads the whole schema, writes a map of
//! where every table's `table!` is (`OUT_DIR/tablewright_tables.json`), and each
//! `#[derive(Table)]` emits, next to its own `table!`, the relations it owns:
//!
//! - between two derived tables, the first by name emits them, naming the other by the path of
//!   its file: `src/models/task.rs` is `crate::models::task` (`#[path]` is not followed, and a
//!   struct under `#[cfg]` or outside `src/` gets no path). The module must be visible from the
//!   other struct's module: siblings (`mod project; mod task;` in `models`) always are.
//! - between a derived and a YAML table, the derive emits them, naming the YAML table in
//!   `schema_module` (default `crate::schema`).
//! - between two YAML tables, `tablewright_schema.rs` has them.
//!
//! `joinable!` is generated for two tables linked by exactly one foreign key, on one column, to
//! the other's single-column primary key (diesel joins on the primary key); otherwise write the
//! join's `.on(...)`.
//!
//! # What it promises
//!
//! - It prints `cargo:rerun-if-changed` for exactly the folders it reads, so a build with no
//!   schema change does not run it again.
//! - Files whose content did not change are not rewritten, so their timestamps stay.
//! - Edits converge into one *draft* migration (the newest generated folder) until that folder
//!   is committed to git or sealed; rust-analyzer running the script on every save leaves one
//!   folder, not one per keystroke. A committed migration is never rewritten.
//! - With `CI` set (to anything but `false` or `0`) or `TABLEWRIGHT_CHECK=1`, it writes nothing
//!   and fails if the migrations are out of date with the schema.
//! - Schema errors fail the build with each error shown once, as a cargo `error:` line
//!   (`file:line:column: [code] message (help: ...)`); warnings are cargo warnings.

// The examples are build scripts: their `fn main` is the point, not boilerplate.
#![allow(clippy::needless_doctest_main)]

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use tablewright_core::config::Config;
use tablewright_core::diesel_schema::{self, TableMap, TableSource};
use tablewright_core::project::{Mode, Outcome, Project, SyncError};
use tablewright_core::shared_tables;
use tablewright_core::source::rust::{file_module, table_modules};
use tablewright_core::{Diagnostics, Schema};

mod library;

pub use library::Library;
pub use tablewright_core::Dialect;

/// The name of the generated `table!` file in `OUT_DIR`.
pub const SCHEMA_FILE: &str = "tablewright_schema.rs";
/// The name of the shared-table contract in `OUT_DIR` (a Rust expression), included by
/// `tablewright::include_schema!()`.
pub const SHARED_TABLES: &str = "tablewright_shared_tables.rs";
/// The name of the map of every table's `table!` in `OUT_DIR`, read by `#[derive(Table)]` for the
/// relations between tables.
pub const TABLES_JSON: &str = "tablewright_tables.json";
/// Where the app includes `tablewright_schema.rs`, unless told otherwise.
pub const DEFAULT_SCHEMA_MODULE: &str = "crate::schema";

/// Reads the settings from `tablewright.toml` (or `[package.metadata.tablewright]`) and runs;
/// on failure prints the report and fails the build. The same as `Builder::new().generate()`.
pub fn generate() {
    Builder::new().generate();
}

/// Configures and runs generation. Setters take `&mut self`, so one expression can chain them.
/// Settings not given here come from the crate's `tablewright.toml` or
/// `[package.metadata.tablewright]`.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    schema_dirs: Vec<PathBuf>,
    source_dirs: Vec<PathBuf>,
    migrations_dir: Option<PathBuf>,
    dialect: Option<Dialect>,
    schema_module: Option<String>,
    check_only: Option<bool>,
    out_dir: Option<PathBuf>,
    crate_root: Option<PathBuf>,
    docs_dir: Option<PathBuf>,
}

/// What went wrong; `Display` is the full report, ready for the terminal.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("tablewright: the schema has errors\n\n{0}")]
    Schema(Diagnostics),
    /// The seed files disagree with the schema (which is fine): found before any migration is
    /// written.
    #[error("tablewright: the seed files have errors\n\n{0}")]
    Seeds(Diagnostics),
    #[error("tablewright: {0}")]
    Sync(SyncError),
    #[error("tablewright: {0}")]
    Config(String),
    /// Mistakes in `tablewright.toml` or `[package.metadata.tablewright]`, with file:line.
    #[error("tablewright: the settings have errors\n\n{}", settings_errors(.0))]
    Settings(Diagnostics),
    #[error("tablewright: cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

impl Error {
    /// The error as `cargo::error` lines: one per schema error, each on one line.
    fn cargo_errors(&self) -> Vec<String> {
        match self {
            Error::Schema(diagnostics) | Error::Seeds(diagnostics) => {
                let mut lines: Vec<String> = diagnostics.errors().map(|e| one_line(e).to_string()).collect();
                let count = lines.len();
                let place = if matches!(self, Error::Seeds(_)) {
                    "seed files"
                } else {
                    "schema"
                };
                lines.push(format!(
                    "tablewright: {count} error{} in the {place}; no migration was written",
                    if count == 1 { "" } else { "s" }
                ));
                lines
            }
            // One cargo line per finding: joined, two findings would read as one sentence.
            Error::Settings(diagnostics) => diagnostics.errors().map(|e| one_line(e).to_string()).collect(),
            other => vec![flatten(&other.to_string())],
        }
    }
}

/// What a rewritten draft says: this edit's change, then the whole draft when it holds more.
fn draft_change(summary: &[String], edit: &[String]) -> String {
    if edit.is_empty() || edit == summary {
        return summary.join(", ");
    }
    format!("{}; the draft now: {}", edit.join(", "), summary.join(", "))
}

/// A multi-line message on one line: its `= help:` line becomes `(help: ...)`.
fn flatten(text: &str) -> String {
    let mut line = String::new();
    for part in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match part.strip_prefix("= help: ") {
            Some(help) => line.push_str(&format!(" (help: {help})")),
            None if line.is_empty() => line.push_str(part),
            None => line.push_str(&format!(" {part}")),
        }
    }
    line
}

/// What a run did.
#[derive(Clone, Debug)]
pub struct Report {
    pub outcome: Outcome,
    pub schema: Schema,
    pub warnings: Diagnostics,
    /// The linter's findings on the migrations this run wrote, one line each, as the build
    /// script shows them (`cargo:warning=`); empty without the `lint` feature.
    pub lint_warnings: Vec<String>,
}

impl Builder {
    pub fn new() -> Builder {
        Builder::default()
    }

    /// A folder of YAML schema files (searched recursively). May be called more than once.
    /// Reading them needs the `yaml` feature; without it each file is an error.
    pub fn schemas(&mut self, dir: impl AsRef<Path>) -> &mut Builder {
        self.schema_dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// A folder of Rust sources whose `#[derive(Table)]` structs are part of the schema.
    pub fn scan(&mut self, dir: impl AsRef<Path>) -> &mut Builder {
        self.source_dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// Where the migration folders go (default `migrations`, next to `Cargo.toml`).
    pub fn migrations(&mut self, dir: impl AsRef<Path>) -> &mut Builder {
        self.migrations_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// The database the migrations are for. Required.
    pub fn dialect(&mut self, dialect: Dialect) -> &mut Builder {
        self.dialect = Some(dialect);
        self
    }

    /// Write nothing and fail if the migrations are stale (default: when `CI` or
    /// `TABLEWRIGHT_CHECK` is set).
    pub fn check_only(&mut self, check_only: bool) -> &mut Builder {
        self.check_only = Some(check_only);
        self
    }

    /// Where `tablewright_schema.rs` goes (default `OUT_DIR`; tests set it).
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Builder {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// The module where the app includes `tablewright_schema.rs` (default `crate::schema`), so
    /// derived tables can join YAML tables; `""` when it does not include it.
    pub fn schema_module(&mut self, path: &str) -> &mut Builder {
        self.schema_module = Some(path.to_string());
        self
    }

    /// The crate's folder: where relative paths and `tablewright.toml` are (default
    /// `CARGO_MANIFEST_DIR`).
    /// Also writes the schema's Markdown documentation (as `tablewright docs` does) into `dir`,
    /// relative to the crate root; in CI (or with `TABLEWRIGHT_CHECK=1`) the build fails when
    /// the committed pages are stale instead.
    pub fn docs(&mut self, dir: impl AsRef<Path>) -> &mut Builder {
        self.docs_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    pub fn crate_root(&mut self, dir: impl AsRef<Path>) -> &mut Builder {
        self.crate_root = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Runs, and on failure stops the build with every error reported once.
    ///
    /// In a build script each error becomes a `cargo::error` line (`file:line:column: [code]
    /// message (help: ...)`), the way cargo shows its own, and the script ends: cargo then fails
    /// the build. Called anywhere else, it panics with the full report.
    pub fn generate(&mut self) {
        if let Err(error) = self.try_generate() {
            fail(error);
        }
    }

    /// Runs and returns what happened.
    pub fn try_generate(&mut self) -> Result<Report, Error> {
        let root = self.crate_root.clone().unwrap_or_else(|| {
            std::env::var_os("CARGO_MANIFEST_DIR")
                .map(PathBuf::from)
                .unwrap_or_default()
        });
        let in_build_script = std::env::var_os("OUT_DIR").is_some();
        let settings = self.settings(&root, in_build_script)?;
        let project = settings.project;
        let dialect = project.dialect;
        let check_only = self.check_only.unwrap_or_else(check_requested);

        for dir in project.schema_dirs.iter().chain(&project.source_dirs) {
            cargo(in_build_script, &format!("rerun-if-changed={}", dir.display()));
        }
        if !check_only {
            // A watched path that does not exist makes cargo rerun the script on every build.
            std::fs::create_dir_all(&project.migrations_dir).map_err(|source| Error::Io {
                path: project.migrations_dir.clone(),
                source,
            })?;
        }
        cargo(
            in_build_script,
            &format!("rerun-if-changed={}", project.migrations_dir.display()),
        );
        cargo(
            in_build_script,
            &format!("rustc-env={}={dialect}", tablewright_core::derive::DIALECT_ENV),
        );

        // The tables of the libraries this crate depends on may be referenced (see `Library`).
        let provided = library::provided_by_dependencies(in_build_script)?;
        let loaded = project.load_with(&provided).map_err(Error::Schema)?;
        for warning in loaded.warnings.warnings() {
            cargo(in_build_script, &format!("warning={}", one_line(warning)));
        }
        check_seeds(in_build_script, &settings.seeds_dir, &loaded.schema, dialect)?;
        if let Some(dir) = &self.docs_dir {
            let dir = if dir.is_absolute() { dir.clone() } else { root.join(dir) };
            sync_docs(in_build_script, &dir, &loaded.schema, check_only)?;
        }
        let mode = if check_only { Mode::Check } else { Mode::Write };
        let (outcome, notes) = project
            .sync_with_notes(&loaded.schema, mode, SystemTime::now())
            .map_err(|e| match e {
                SyncError::Schema(diagnostics) => Error::Schema(diagnostics),
                other => Error::Sync(other),
            })?;
        for note in &notes {
            cargo(in_build_script, &format!("warning=tablewright: {note}"));
        }
        let mut lint_warnings = Vec::new();
        match &outcome {
            Outcome::UpToDate => {}
            Outcome::Created { folder, summary } => {
                let what = summary.join(", ");
                cargo(
                    in_build_script,
                    &format!("warning=tablewright: wrote {} ({what})", folder.display()),
                );
                lint_warnings = lint_new_migrations(
                    in_build_script,
                    &project.migrations_dir,
                    folder,
                    dialect,
                    &loaded.schema,
                    &settings.config,
                );
            }
            Outcome::Updated { folder, summary, edit } => {
                cargo(
                    in_build_script,
                    &format!(
                        "warning=tablewright: updated draft {} ({})",
                        folder.display(),
                        draft_change(summary, edit)
                    ),
                );
                lint_warnings = lint_new_migrations(
                    in_build_script,
                    &project.migrations_dir,
                    folder,
                    dialect,
                    &loaded.schema,
                    &settings.config,
                );
            }
            Outcome::Removed { folder } => {
                cargo(
                    in_build_script,
                    &format!(
                        "warning=tablewright: removed draft {} (schema unchanged since the previous migration)",
                        folder.display()
                    ),
                );
            }
        }

        let out_dir = self
            .out_dir
            .clone()
            .or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from));
        if let Some(out_dir) = out_dir {
            // A library's tables have their table! (and relations) in the library crate.
            let own = Schema {
                tables: (loaded.schema.tables.iter())
                    .filter(|t| !provided.iter().any(|p| p.name == t.name))
                    .cloned()
                    .collect(),
                ..loaded.schema.clone()
            };
            let map = table_map(&root, &own, &loaded.yaml_tables, &settings.schema_module);
            if let Some(warning) = unrelated(&map) {
                cargo(in_build_script, &format!("warning={warning}"));
            }
            write_schema_file(&out_dir, &loaded.schema, &loaded.yaml_tables, &map, dialect)?;
            let path = out_dir.join(TABLES_JSON);
            let json = serde_json::to_string_pretty(&map).expect("the table map serializes");
            tablewright_core::migrations::write_if_changed(&path, &json).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            cargo(
                in_build_script,
                &format!("rustc-env={}={}", tablewright_core::derive::TABLES_ENV, path.display()),
            );
        }
        Ok(Report {
            outcome,
            schema: loaded.schema,
            warnings: loaded.warnings,
            lint_warnings,
        })
    }
}

/// Reports `error` and fails the build: in a build script each error becomes a `cargo::error`
/// line and the script ends; anywhere else, a panic with the full report.
fn fail(error: Error) -> ! {
    if std::env::var_os("OUT_DIR").is_none() {
        panic!("{error}");
    }
    if let Error::Schema(diagnostics) | Error::Seeds(diagnostics) = &error {
        for warning in diagnostics.warnings() {
            println!("cargo:warning={}", one_line(warning));
        }
    }
    for line in error.cargo_errors() {
        println!("cargo::error={line}");
    }
    // Logged errors fail the build by themselves. Exiting non-zero (or panicking) as well
    // would make cargo print the script's whole output again, plus "panicked at" and a
    // backtrace hint.
    let _ = std::io::Write::flush(&mut std::io::stdout());
    std::process::exit(0);
}

fn settings_errors(diagnostics: &Diagnostics) -> String {
    diagnostics
        .0
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// What one run uses: the builder's settings over the file's.
struct Settings {
    project: Project,
    schema_module: String,
    seeds_dir: PathBuf,
    /// The file's settings, for what the builder does not set (the `[lint]` table).
    config: Config,
}

impl Builder {
    fn settings(&self, root: &Path, in_build_script: bool) -> Result<Settings, Error> {
        let config = Config::read(root).map_err(Error::Settings)?;
        for file in [root.join(tablewright_core::config::FILE_NAME), root.join("Cargo.toml")] {
            // Only files that exist: a missing watched path reruns the script on every build.
            if file.is_file() {
                cargo(in_build_script, &format!("rerun-if-changed={}", file.display()));
            }
        }
        let config = config.unwrap_or_default();
        for warning in &config.warnings {
            cargo(in_build_script, &format!("warning=tablewright: {warning}"));
        }
        let at_root = |p: &Path| if p.is_absolute() { p.to_path_buf() } else { root.join(p) };
        let all_at_root = |list: &[PathBuf]| list.iter().map(|p| at_root(p)).collect::<Vec<_>>();
        // Key by key, the builder wins; a disagreement is worth a warning, because the command
        // line reads only the file.
        let differs = |key: &str, builder: String, file: String| {
            cargo(
                in_build_script,
                &format!(
                    "warning=tablewright: build.rs sets {key} {builder}, but {} says {file}; the build uses build.rs's, the `tablewright` command line the file's: keep it in one place",
                    config.file.display()
                ),
            )
        };
        let listed = |list: &[PathBuf]| format!("{list:?}");
        let pick = |key: &str, builder: &[PathBuf], file: &[PathBuf]| {
            let (builder, file) = (all_at_root(builder), all_at_root(file));
            if builder.is_empty() {
                return file;
            }
            if !file.is_empty() && builder != file {
                differs(key, listed(&builder), listed(&file));
            }
            builder
        };
        let schema_dirs = pick("schemas", &self.schema_dirs, &config.schemas);
        let source_dirs = pick("scan", &self.source_dirs, &config.scan);
        let migrations_dir = match (&self.migrations_dir, &config.migrations) {
            (Some(builder), Some(file)) if at_root(builder) != at_root(file) => {
                differs(
                    "migrations",
                    format!("{:?}", at_root(builder)),
                    format!("{:?}", at_root(file)),
                );
                at_root(builder)
            }
            (Some(dir), _) | (None, Some(dir)) => at_root(dir),
            (None, None) => root.join("migrations"),
        };
        let dialect = match (self.dialect, config.dialect) {
            (Some(builder), Some(file)) if builder != file => {
                differs("dialect", builder.to_string(), file.to_string());
                builder
            }
            (Some(dialect), _) | (None, Some(dialect)) => dialect,
            (None, None) => {
                return Err(Error::Config(format!(
                    "no dialect: set `dialect = \"postgres\"` (or \"sqlite\", \"mysql\") in {}, or add `.dialect(tablewright_build::Dialect::Postgres)` to the builder",
                    root.join(tablewright_core::config::FILE_NAME).display()
                )))
            }
        };
        if schema_dirs.is_empty() && source_dirs.is_empty() {
            return Err(Error::Config(format!(
                "nothing to read: set `schemas = [\"schemas\"]` (YAML files) and/or `scan = [\"src/models\"]` (#[derive(Table)] structs) in {}, or add `.schemas(\"schemas\")` / `.scan(\"src/models\")` to the builder",
                root.join(tablewright_core::config::FILE_NAME).display()
            )));
        }
        let schema_module = self
            .schema_module
            .clone()
            .or(config.schema_module.clone())
            .unwrap_or_else(|| DEFAULT_SCHEMA_MODULE.to_string());
        if !tablewright_core::config::is_module_path(&schema_module) {
            return Err(Error::Config(format!(
                "schema_module `{schema_module}` is not a Rust path; the correct form looks like `.schema_module(\"crate::schema\")`"
            )));
        }
        Ok(Settings {
            project: Project {
                schema_dirs,
                source_dirs,
                migrations_dir,
                dialect,
            },
            schema_module,
            seeds_dir: at_root(config.seeds.as_deref().unwrap_or(Path::new("seeds"))),
            config,
        })
    }
}

/// The schema's documentation pages in `dir`: written, or in check mode compared.
fn sync_docs(in_build_script: bool, dir: &Path, schema: &Schema, check_only: bool) -> Result<(), Error> {
    use tablewright_core::outputs::docs;
    let files = docs::render(schema);
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    if check_only {
        let stale = docs::compare(dir, &files).map_err(io)?;
        if !stale.is_empty() {
            return Err(Error::Config(format!(
                "the schema docs in {} are stale: {}; build once without CI (or run `tablewright docs --out {}`) and commit the result",
                dir.display(),
                stale.describe(),
                dir.display()
            )));
        }
        return Ok(());
    }
    let written = docs::write(dir, &files).map_err(io)?;
    if !written.is_empty() {
        cargo(
            in_build_script,
            &format!(
                "warning=tablewright: updated the schema docs in {} ({})",
                dir.display(),
                written.describe()
            ),
        );
    }
    Ok(())
}

/// The seed files, checked against the schema when the crate has any (see `tablewright seed`).
fn check_seeds(in_build_script: bool, dir: &Path, schema: &Schema, dialect: Dialect) -> Result<(), Error> {
    if !dir.is_dir() {
        return Ok(());
    }
    cargo(in_build_script, &format!("rerun-if-changed={}", dir.display()));
    tablewright_core::seeds::read_and_check(dir, schema, dialect)
        .map(|_| ())
        .map_err(Error::Seeds)
}

/// Where every table's `table!` is: YAML tables in `schema_module`, derived ones in the module
/// of their struct, found from the file under `src/` (see the crate docs).
fn table_map(root: &Path, schema: &Schema, yaml_tables: &[String], schema_module: &str) -> TableMap {
    let src = root.join("src");
    let mut files: HashMap<PathBuf, Vec<(String, Option<String>)>> = HashMap::new();
    let derived_module = |table: &tablewright_core::model::Table| {
        let file = table.origin.file.as_deref()?;
        let found = files.entry(file.clone()).or_insert_with(|| {
            let Some(module) = file_module(&src, file) else {
                return Vec::new();
            };
            std::fs::read_to_string(file)
                .map(|text| table_modules(&text, &module))
                .unwrap_or_default()
        });
        found.iter().find(|(name, _)| *name == table.name)?.1.clone()
    };
    TableMap::new(schema, yaml_tables, derived_module, Some(schema_module))
}

/// Derived tables no derive can relate (both without a path): said once, with the way out.
fn unrelated(map: &TableMap) -> Option<String> {
    let lost: Vec<&str> = map
        .tables
        .iter()
        .filter(|t| t.source == TableSource::Derive && t.path.is_none())
        .map(|t| t.name.as_str())
        .collect();
    (lost.len() > 1).then(|| {
        format!(
            "tablewright: no joinable! or allow_tables_to_appear_in_same_query! between the tables `{}`: their structs are outside src/ or under #[cfg], so no derive can name another's table! (write those relations by hand)",
            lost.join("`, `")
        )
    })
}

/// Lints what the build just wrote (from `first` on) with the project's `[lint]` settings, the
/// earlier migrations read for what they create, and shows each finding as a warning; returns
/// the warnings.
#[cfg(feature = "lint")]
fn lint_new_migrations(
    in_build_script: bool,
    dir: &Path,
    first: &Path,
    dialect: Dialect,
    schema: &Schema,
    config: &Config,
) -> Vec<String> {
    let linted = tablewright_lint::Options::from_config(config).and_then(|options| {
        tablewright_lint::lint_generated_migrations(dir, first, dialect, &options, schema).map_err(|e| e.to_string())
    });
    let warnings: Vec<String> = match linted {
        Ok(findings) => findings
            .iter()
            .map(|finding| {
                let place = finding
                    .file
                    .as_deref()
                    .map(|f| format!("{}:{}: ", f.display(), finding.line))
                    .unwrap_or_default();
                format!("tablewright-lint: {place}[{}] {}", finding.rule, finding.message)
            })
            .collect(),
        Err(error) => vec![format!(
            "tablewright: could not lint the migrations: {}",
            error.replace('\n', " ")
        )],
    };
    for warning in &warnings {
        cargo(in_build_script, &format!("warning={warning}"));
    }
    warnings
}

#[cfg(not(feature = "lint"))]
fn lint_new_migrations(_: bool, _: &Path, _: &Path, _: Dialect, _: &Schema, _: &Config) -> Vec<String> {
    Vec::new()
}

/// Tells cargo something, only when running as a build script (tests call the builder too).
fn cargo(in_build_script: bool, directive: &str) {
    if in_build_script {
        println!("cargo:{directive}");
    }
}

/// Reads an environment variable, telling cargo to rerun the script when it changes.
fn env_flag(name: &str) -> bool {
    if std::env::var_os("OUT_DIR").is_some() {
        println!("cargo:rerun-if-env-changed={name}");
    }
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

fn check_requested() -> bool {
    // Evaluate both, so cargo watches both.
    let ci = env_flag("CI");
    let explicit = env_flag("TABLEWRIGHT_CHECK");
    ci || explicit
}

/// cargo:warning shows one line; the location goes first so terminals make it clickable.
fn one_line(diagnostic: &tablewright_core::Diagnostic) -> impl fmt::Display + '_ {
    struct Line<'a>(&'a tablewright_core::Diagnostic);
    impl fmt::Display for Line<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let d = self.0;
            if d.origin.file.is_some() {
                write!(f, "{}: ", d.origin)?;
            }
            write!(f, "[{}] {}", d.code, d.message)?;
            if let Some(help) = &d.help {
                write!(f, " (help: {help})")?;
            }
            Ok(())
        }
    }
    Line(diagnostic)
}

fn write_schema_file(
    out_dir: &Path,
    schema: &Schema,
    yaml_tables: &[String],
    map: &TableMap,
    dialect: Dialect,
) -> Result<(), Error> {
    let tables = Schema {
        tables: schema
            .tables
            .iter()
            .filter(|t| yaml_tables.contains(&t.name))
            .cloned()
            .collect(),
        ..schema.clone()
    };
    let text = diesel_schema::schema_file(&tables, map, dialect).map_err(|problems| {
        Error::Config(
            problems
                .iter()
                .map(|p| format!("{}: {}", p.origin, p.message))
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    let path = out_dir.join(SCHEMA_FILE);
    tablewright_core::migrations::write_if_changed(&path, &text).map_err(|source| Error::Io { path, source })?;
    let path = out_dir.join(SHARED_TABLES);
    let contract = shared_tables::rust_source(&shared_tables::shared_tables(schema));
    tablewright_core::migrations::write_if_changed(&path, &contract).map_err(|source| Error::Io { path, source })?;
    Ok(())
}

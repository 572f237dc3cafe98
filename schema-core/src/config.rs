//! The settings `build.rs` and the command line share, so both read the same schema and write the
//! same migrations: `tablewright.toml` at the crate root, or `[package.metadata.tablewright]` in
//! its `Cargo.toml`.
//!
//! ```toml
//! # tablewright.toml
//! schemas = ["schemas"]        # folders of YAML files
//! scan = ["src/models"]        # folders of Rust sources with #[derive(Table)]
//! migrations = "migrations"    # the default
//! dialect = "sqlite"           # postgres, sqlite or mysql
//! schema_module = "crate::schema"  # where the app includes tablewright_schema.rs (the default)
//! seeds = "seeds"              # development rows, checked by the build (the default)
//!
//! [lint]                       # the migration linter (`tablewright lint`)
//! levels = { fk-without-on-delete = "warning", drop-not-null = "off" }
//! start_after = "20240101000000"   # older migrations are read, not reported
//!
//! [[libraries]]                # a library's migration sets the application runs, in order
//! name = "agents"              # the set's name (`tablewright_build::Library::new("agents")`)
//! migrations = "../agents/migrations"  # its folder of core/ and <group>/ sets [default: the
//!                              # `migrations` of the dependency `cargo metadata` finds by that name]
//! groups = ["scheduler"]       # the optional groups the application opts into
//! requires = []                # other libraries' sets this one's tables reference
//! ```
//!
//! Paths are relative to the file's folder. When both files have settings, `tablewright.toml`
//! is used and the other is reported as ignored. Settings given in `build.rs` or on the command
//! line take precedence over the file, key by key.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::model::Origin;

/// The settings file's name.
pub const FILE_NAME: &str = "tablewright.toml";

/// The keys of the settings, in the order the documentation lists them.
pub const KEYS: &[&str] = &[
    "schemas",
    "scan",
    "migrations",
    "dialect",
    "schema_module",
    "seeds",
    "lint",
    "libraries",
];

/// The keys of a `[[libraries]]` entry.
pub const LIBRARY_KEYS: &[&str] = &["name", "migrations", "groups", "requires"];

pub use tablewright_runtime_core::APP_SET;

/// The keys of the `[lint]` table.
pub const LINT_KEYS: &[&str] = &["levels", "start_after"];

/// How a project runs the migration linter. Rule names are checked by the linter, which knows
/// them (this crate does not).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LintConfig {
    /// Rule name -> `error`, `warning` or `off`.
    pub levels: Vec<(String, LintLevel)>,
    /// Migrations up to this version (included) are read for what they create but not reported,
    /// so old history is not re-litigated.
    pub start_after: Option<String>,
}

/// A rule's level in `[lint] levels`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LintLevel {
    Error,
    Warning,
    Off,
}

/// A library whose migration sets the application runs (`[[libraries]]`), as the application's
/// `Migrator::new(..).with(&agents::MIGRATIONS).with(&agents::SCHEDULER)` does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LibraryConfig {
    /// The library's set name: its core set is `name`, a group's `name/group`.
    pub name: String,
    /// The root of the library's `core/<dialect>/` and `<group>/<dialect>/` folders; `None`:
    /// `migrations` in the folder of the dependency of that name (tools ask `cargo metadata`).
    pub migrations: Option<PathBuf>,
    /// The optional groups the application opts into, in order.
    pub groups: Vec<String>,
    /// Other libraries (by name) whose sets must be applied before this one's.
    pub requires: Vec<String>,
    /// The entry's line in the settings file, for messages.
    pub line: usize,
}

/// The settings of one crate, as written (paths relative to [`Config::root`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// The file they were read from: `tablewright.toml` or `Cargo.toml`.
    pub file: PathBuf,
    /// Folders of YAML schema files.
    pub schemas: Vec<PathBuf>,
    /// Folders of Rust sources with `#[derive(Table)]` structs.
    pub scan: Vec<PathBuf>,
    /// The migrations folder.
    pub migrations: Option<PathBuf>,
    pub dialect: Option<Dialect>,
    /// The module where the application includes the build script's `tablewright_schema.rs`
    /// (`crate::schema` when unset); an empty string: nowhere.
    pub schema_module: Option<String>,
    /// The folder of seed files (`seeds` when unset).
    pub seeds: Option<PathBuf>,
    /// The `[lint]` table.
    pub lint: LintConfig,
    /// The `[[libraries]]` entries, in order.
    pub libraries: Vec<LibraryConfig>,
    /// Worth saying, not errors: settings found in both files.
    pub warnings: Vec<String>,
}

impl Config {
    /// The folder the paths are relative to: the file's.
    pub fn root(&self) -> &Path {
        self.file.parent().unwrap_or(Path::new(""))
    }

    /// `path` from the crate root.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        self.root().join(path)
    }

    /// The settings of the crate at `root`: its `tablewright.toml`, else the
    /// `[package.metadata.tablewright]` table of its `Cargo.toml`; `None` when it has neither.
    pub fn read(root: &Path) -> Result<Option<Config>, Diagnostics> {
        let own = root.join(FILE_NAME);
        let manifest = root.join("Cargo.toml");
        let from_manifest = match read_text(&manifest)? {
            Some(text) => parse_manifest(&text, &manifest)?,
            None => None,
        };
        match read_text(&own)? {
            Some(text) => {
                let mut config = parse(&text, &own)?;
                if from_manifest.is_some() {
                    config.warnings.push(format!(
                        "{} also has [package.metadata.tablewright], which is ignored: {} takes precedence; keep the settings in one place",
                        manifest.display(),
                        own.display()
                    ));
                }
                Ok(Some(config))
            }
            None => Ok(from_manifest),
        }
    }

    /// The settings of the crate `dir` is in: the nearest folder at or above `dir` with a
    /// `tablewright.toml` or a `Cargo.toml` (a crate without settings stops the search, as cargo
    /// finds the package it is in).
    pub fn find(dir: &Path) -> Result<Option<Config>, Diagnostics> {
        for folder in dir.ancestors() {
            if folder.join(FILE_NAME).is_file() || folder.join("Cargo.toml").is_file() {
                return Config::read(folder);
            }
        }
        Ok(None)
    }

    /// The settings in `file`: a `Cargo.toml` (its `[package.metadata.tablewright]`) or a
    /// `tablewright.toml`.
    pub fn read_file(file: &Path) -> Result<Config, Diagnostics> {
        let text = read_text(file)?.ok_or_else(|| {
            Diagnostics(vec![Diagnostic::error(
                "config",
                &origin(file, None),
                format!("{} does not exist", file.display()),
            )
            .help(format!(
                "give the path of a `{FILE_NAME}` or of a `Cargo.toml` with [package.metadata.tablewright]"
            ))])
        })?;
        if file.file_name().is_some_and(|name| name == "Cargo.toml") {
            parse_manifest(&text, file)?.ok_or_else(|| {
                Diagnostics(vec![Diagnostic::error(
                    "config",
                    &origin(file, None),
                    format!("{} has no [package.metadata.tablewright] table", file.display()),
                )
                .help("add one, e.g. `[package.metadata.tablewright]` then `scan = [\"src/models\"]` and `dialect = \"sqlite\"`")])
            })
        } else {
            parse(&text, file)
        }
    }
}

fn read_text(path: &Path) -> Result<Option<String>, Diagnostics> {
    crate::text_file::read_if_present(path).map_err(|problem| {
        let file = Some(Arc::new(path.to_path_buf()));
        Diagnostics(vec![Diagnostic::error(
            "config",
            &Origin::at(file, problem.line, problem.column),
            format!("cannot read {}: {}", path.display(), problem.message),
        )])
    })
}

/// Where a byte range of a file starts, as file:line:column.
fn origin(file: &Path, at: Option<(&str, usize)>) -> Origin {
    let file = Some(Arc::new(file.to_path_buf()));
    match at {
        Some((text, offset)) => {
            let before = &text[..offset.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Origin::at(file, line, column)
        }
        None => Origin::at(file, 0, 0),
    }
}

fn syntax_error(text: &str, file: &Path, error: &toml::de::Error) -> Diagnostics {
    let at = error.span().map(|span| (text, span.start));
    Diagnostics(vec![Diagnostic::error(
        "config",
        &origin(file, at),
        format!("{} is not valid TOML: {}", file.display(), error.message().trim_end()),
    )
    .help(
        "the settings are TOML, e.g. `scan = [\"src/models\"]` and `dialect = \"sqlite\"`",
    )])
}

/// `tablewright.toml`: the settings are the whole document.
pub fn parse(text: &str, file: &Path) -> Result<Config, Diagnostics> {
    let table = DeTable::parse(text).map_err(|e| syntax_error(text, file, &e))?;
    settings(text, file, table.get_ref(), "")
}

/// A `Cargo.toml`: the settings are `[package.metadata.tablewright]`, if it is there.
fn parse_manifest(text: &str, file: &Path) -> Result<Option<Config>, Diagnostics> {
    let document = DeTable::parse(text).map_err(|e| syntax_error(text, file, &e))?;
    let mut table = document.get_ref();
    for key in ["package", "metadata", "tablewright"] {
        match table.get(key).map(|v| (v, v.get_ref())) {
            Some((_, DeValue::Table(inner))) => table = inner,
            Some((found, _)) if key == "tablewright" => {
                return Err(Diagnostics(vec![Diagnostic::error(
                    "config",
                    &origin(file, Some((text, found.span().start))),
                    "`package.metadata.tablewright` must be a table",
                )
                .help("write `[package.metadata.tablewright]` on its own line, then one setting per line, e.g. `scan = [\"src/models\"]`")]));
            }
            _ => return Ok(None),
        }
    }
    settings(text, file, table, "package.metadata.tablewright.").map(Some)
}

fn settings(text: &str, file: &Path, table: &DeTable<'_>, prefix: &str) -> Result<Config, Diagnostics> {
    let mut config = Config {
        file: file.to_path_buf(),
        ..Config::default()
    };
    let mut problems = Vec::new();
    let at = |span: std::ops::Range<usize>| origin(file, Some((text, span.start)));
    for (key, value) in table.iter() {
        let name: &str = key.get_ref();
        let place = at(value.span());
        let mut wrong = |expected: &str, example: &str| {
            problems.push(
                Diagnostic::error("config", &place, format!("`{prefix}{name}` must be {expected}"))
                    .help(format!("the correct form looks like `{name} = {example}`")),
            );
        };
        match name {
            // schemas = ["schemas"] or schemas = "schemas"
            "schemas" => match folders(value) {
                Some(list) => config.schemas = list,
                None => wrong("a folder or a list of folders", "[\"schemas\"]"),
            },
            // scan = ["src/models"] or scan = "src/models"
            "scan" => match folders(value) {
                Some(list) => config.scan = list,
                None => wrong("a folder or a list of folders", "[\"src/models\"]"),
            },
            // migrations = "migrations"
            "migrations" => match value.get_ref() {
                DeValue::String(s) if !s.is_empty() => config.migrations = Some(PathBuf::from(s.as_ref())),
                _ => wrong("a folder", "\"migrations\""),
            },
            // dialect = "postgres"
            "dialect" => match value.get_ref() {
                DeValue::String(s) => match s.parse::<Dialect>() {
                    Ok(dialect) => config.dialect = Some(dialect),
                    Err(message) => problems.push(
                        Diagnostic::error("config", &place, message)
                            .help("the correct form looks like `dialect = \"postgres\"` (or \"sqlite\", \"mysql\")"),
                    ),
                },
                _ => wrong("a string", "\"postgres\""),
            },
            // seeds = "seeds"
            "seeds" => match value.get_ref() {
                DeValue::String(s) if !s.is_empty() => config.seeds = Some(PathBuf::from(s.as_ref())),
                _ => wrong("a folder", "\"seeds\""),
            },
            // schema_module = "crate::schema"
            "schema_module" => match value.get_ref() {
                DeValue::String(s) if is_module_path(s) => config.schema_module = Some(s.to_string()),
                _ => wrong("a Rust path to a module", "\"crate::schema\""),
            },
            // [lint] levels = { rule = "warning" }, start_after = "20240101000000"
            "lint" => match value.get_ref() {
                DeValue::Table(lint) => config.lint = lint_settings(text, file, lint, prefix, &mut problems),
                _ => wrong("a table", "{ levels = { fk-without-on-delete = \"warning\" } }"),
            },
            // [[libraries]] name = "agents", migrations = "../agents/migrations", groups = [...]
            "libraries" => match value.get_ref() {
                DeValue::Array(items) => {
                    for item in items {
                        let place = at(item.span());
                        match item.get_ref() {
                            DeValue::Table(entry) => {
                                if let Some(library) =
                                    library_settings(text, file, entry, &place, prefix, &mut problems)
                                {
                                    config.libraries.push(library);
                                }
                            }
                            _ => problems.push(library_form(&place, prefix)),
                        }
                    }
                }
                _ => problems.push(library_form(&place, prefix)),
            },
            _ => problems.push(unknown_key(&at(key.span()), prefix, name)),
        }
    }
    check_libraries(&config.libraries, file, prefix, &mut problems);
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(Diagnostics(problems))
    }
}

/// The `[lint]` table.
fn lint_settings(
    text: &str,
    file: &Path,
    table: &DeTable<'_>,
    prefix: &str,
    problems: &mut Vec<Diagnostic>,
) -> LintConfig {
    let mut lint = LintConfig::default();
    for (key, value) in table.iter() {
        let name: &str = key.get_ref();
        let place = origin(file, Some((text, value.span().start)));
        match (name, value.get_ref()) {
            ("levels", DeValue::Table(levels)) => {
                for (rule, level) in levels.iter() {
                    let parsed = match level.get_ref() {
                        DeValue::String(s) if s.as_ref() == "error" => Some(LintLevel::Error),
                        DeValue::String(s) if s.as_ref() == "warning" => Some(LintLevel::Warning),
                        DeValue::String(s) if s.as_ref() == "off" => Some(LintLevel::Off),
                        _ => None,
                    };
                    match parsed {
                        Some(parsed) => lint.levels.push((rule.get_ref().to_string(), parsed)),
                        None => problems.push(
                            Diagnostic::error(
                                "config",
                                &origin(file, Some((text, level.span().start))),
                                format!("`{prefix}lint.levels.{}` must be \"error\", \"warning\" or \"off\"", rule.get_ref()),
                            )
                            .help(format!("the correct form looks like `{} = \"warning\"`", rule.get_ref())),
                        ),
                    }
                }
            }
            ("start_after", DeValue::String(s)) if !s.is_empty() => lint.start_after = Some(s.to_string()),
            ("levels" | "start_after", _) => problems.push(
                Diagnostic::error("config", &place, format!("`{prefix}lint.{name}` has the wrong form"))
                    .help("the correct form looks like `levels = { fk-without-on-delete = \"warning\" }` and `start_after = \"20240101000000\"`"),
            ),
            _ => problems.push(
                Diagnostic::error(
                    "config",
                    &origin(file, Some((text, key.span().start))),
                    format!("unknown setting `{prefix}lint.{name}`"),
                )
                .help(format!("the settings of [lint] are: {}", LINT_KEYS.join(", "))),
            ),
        }
    }
    lint
}

/// One `[[libraries]]` entry; `None` when it has mistakes (pushed to `problems`).
fn library_settings(
    text: &str,
    file: &Path,
    table: &DeTable<'_>,
    place: &Origin,
    prefix: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<LibraryConfig> {
    let mut library = LibraryConfig {
        line: place.line,
        ..LibraryConfig::default()
    };
    let before = problems.len();
    let (mut name, mut migrations) = (None, None);
    for (key, value) in table.iter() {
        let key_name: &str = key.get_ref();
        let at = origin(file, Some((text, value.span().start)));
        let mut wrong = |expected: &str, example: &str| {
            problems.push(
                Diagnostic::error(
                    "config",
                    &at,
                    format!("`{prefix}libraries.{key_name}` must be {expected}"),
                )
                .help(format!("the correct form looks like `{key_name} = {example}`")),
            );
        };
        match (key_name, value.get_ref()) {
            ("name", DeValue::String(s)) if is_set_name(s) => name = Some(s.to_string()),
            ("name", _) => wrong(
                &format!(
                    "the library's set name (letters, digits, `_` and `-`; not `{APP_SET}`, the application's own set)"
                ),
                "\"agents\"",
            ),
            ("migrations", DeValue::String(s)) if !s.is_empty() => migrations = Some(PathBuf::from(s.as_ref())),
            ("migrations", _) => wrong("the library's migrations folder", "\"../agents/migrations\""),
            ("groups", DeValue::Array(_)) => match names(value) {
                Some(list) => library.groups = list,
                None => wrong("a list of group names", "[\"scheduler\"]"),
            },
            ("groups", _) => wrong("a list of group names", "[\"scheduler\"]"),
            ("requires", DeValue::Array(_)) => match names(value) {
                Some(list) => library.requires = list,
                None => wrong("a list of library names", "[\"accounts\"]"),
            },
            ("requires", _) => wrong("a list of library names", "[\"accounts\"]"),
            _ => problems.push(
                Diagnostic::error(
                    "config",
                    &origin(file, Some((text, key.span().start))),
                    format!("unknown setting `{prefix}libraries.{key_name}`"),
                )
                .help(format!(
                    "the settings of a [[libraries]] entry are: {}",
                    LIBRARY_KEYS.join(", ")
                )),
            ),
        }
    }
    if name.is_none() {
        problems.push(
            Diagnostic::error("config", place, format!("a `{prefix}libraries` entry needs `name`"))
                .help("add `name = \"agents\"` to it: the library's set name"),
        );
    }
    library.name = name?;
    library.migrations = migrations;
    (problems.len() == before).then_some(library)
}

fn library_form(place: &Origin, prefix: &str) -> Diagnostic {
    Diagnostic::error("config", place, format!("`{prefix}libraries` must be a list of tables"))
        .help("write each library as `[[libraries]]` on its own line, then `name = \"agents\"` and `migrations = \"../agents/migrations\"`")
}

/// A library named twice, or requiring one that is not listed before it.
fn check_libraries(libraries: &[LibraryConfig], file: &Path, prefix: &str, problems: &mut Vec<Diagnostic>) {
    for (i, library) in libraries.iter().enumerate() {
        let place = origin_line(file, library.line);
        let before: Vec<&str> = libraries[..i].iter().map(|l| l.name.as_str()).collect();
        if before.contains(&library.name.as_str()) {
            problems.push(
                Diagnostic::error(
                    "config",
                    &place,
                    format!("the library `{}` is listed twice in `{prefix}libraries`", library.name),
                )
                .help("keep one entry, with every group it uses in its `groups`"),
            );
        }
        for group in &library.groups {
            if !is_set_name(group) || group == crate::library::CORE {
                problems.push(
                    Diagnostic::error("config", &place, format!("`{group}` is not a group's name (letters, digits, `_` and `-`)"))
                        .help("name the group as the library's tables do (`group = \"scheduler\"`); the core set comes with the library"),
                );
            }
        }
        for required in &library.requires {
            if !before.contains(&required.as_str()) {
                let listed = libraries.iter().any(|l| l.name == *required);
                let what = if listed { "listed after it" } else { "not listed" };
                problems.push(
                    Diagnostic::error(
                        "config",
                        &place,
                        format!("the library `{}` requires `{required}`, which is {what} in `{prefix}libraries`", library.name),
                    )
                    .help(format!("add a [[libraries]] entry for `{required}` before `{}`: sets are applied in the order they are listed", library.name)),
                );
            }
        }
    }
}

fn origin_line(file: &Path, line: usize) -> Origin {
    Origin::at(Some(Arc::new(file.to_path_buf())), line, 1)
}

/// A library's or a group's name: what a set name is made of (no `/`, which separates a group,
/// nor `:`, which separates a version in the ledger), and not the application's own set's.
fn is_set_name(name: &str) -> bool {
    tablewright_runtime_core::set_name_problem(name).is_none()
}

fn names(value: &Spanned<DeValue<'_>>) -> Option<Vec<String>> {
    match value.get_ref() {
        DeValue::Array(items) => items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::String(s) => Some(s.to_string()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// A `schema_module` value: a Rust path (`crate::schema`), or empty for none.
pub fn is_module_path(text: &str) -> bool {
    // Measured first: syn would recurse once per level of a deeply nested path.
    text.is_empty()
        || (crate::source::rust::depth::too_deep(text).is_none() && syn::parse_str::<syn::Path>(text).is_ok())
}

fn folders(value: &Spanned<DeValue<'_>>) -> Option<Vec<PathBuf>> {
    match value.get_ref() {
        DeValue::String(s) if !s.is_empty() => Some(vec![PathBuf::from(s.as_ref())]),
        DeValue::Array(items) => items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::String(s) if !s.is_empty() => Some(PathBuf::from(s.as_ref())),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

fn unknown_key(place: &Origin, prefix: &str, name: &str) -> Diagnostic {
    let best = KEYS
        .iter()
        .map(|k| (strsim::jaro_winkler(name, k), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let hint = match best {
        Some((_, key)) => format!("did you mean `{key}`? "),
        None => String::new(),
    };
    Diagnostic::error("config", place, format!("unknown setting `{prefix}{name}`"))
        .help(format!("{hint}the settings are: {}", KEYS.join(", ")))
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod lint_tests;

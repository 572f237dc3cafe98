//! Linting files and folders: a `.sql` file, a diesel migration folder (`up.sql`, `down.sql`,
//! `metadata.toml`), or a folder of migrations, linted in order so each one knows the tables,
//! indexes and policies the earlier ones made.

use std::fs;
use std::path::{Path, PathBuf};

use tablewright_core::Dialect;

use crate::context::{Catalog, Declared};
use crate::parse::Parsing;
use crate::{lint_file, statements, Finding, Options};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{}`: {message}", path.display())]
    Metadata { path: PathBuf, message: String },
    /// A file that is not text: where (line 0 for the whole file), and what is wrong.
    #[error("cannot read `{}`{}: {message}", path.display(), if *line > 0 { format!(" at line {line}, column {column}") } else { String::new() })]
    NotText {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("`{}` is not a .sql file, a migration folder (with up.sql) or a folder of migrations", path.display())]
    NotMigrations { path: PathBuf },
}

/// One SQL file to lint, and whether the runner wraps it in a transaction.
struct Script {
    path: PathBuf,
    sql: String,
    in_transaction: bool,
    /// A `down.sql`: linted against the schema after its `up.sql`, recording nothing.
    down: bool,
    /// The migration folder, whose snapshot (if Tablewright generated it) says what its schema
    /// declares; read only for a script that is reported.
    folder: Option<PathBuf>,
}

/// Lints `path`: a `.sql` file, a migration folder (its `up.sql`, and `down.sql` with
/// [`Options::include_down`]), or a folder of migration folders and `.sql` files, in name order.
/// Each migration's `metadata.toml` says whether it runs in a transaction (diesel's default: yes).
pub fn lint_path(path: &Path, dialect: Dialect, options: &Options) -> Result<Vec<Finding>, Error> {
    lint_path_parsed(path, dialect, options, Parsing::Fast)
}

pub(crate) fn lint_path_parsed(
    path: &Path,
    dialect: Dialect,
    options: &Options,
    parsing: Parsing,
) -> Result<Vec<Finding>, Error> {
    let scripts = scripts(path, options)?;
    let later = later_siblings(path);
    Ok(lint_scripts(
        scripts,
        &later,
        dialect,
        options,
        parsing,
        Declarations::read(),
        |script| reported(script, options),
    ))
}

/// Lints the migrations of the folder `dir` from the one named like `first` on (the folders
/// `tablewright generate` or the build script just wrote): the earlier ones are read for what
/// they create (tables, indexes, policies, functions), as [`lint_path`] reads them, but not
/// linted, so a long history costs its parsing only. The findings are the ones [`lint_path`]
/// reports for those migrations.
pub fn lint_new_migrations(
    dir: &Path,
    first: &Path,
    dialect: Dialect,
    options: &Options,
) -> Result<Vec<Finding>, Error> {
    lint_new(dir, first, dialect, options, Declarations::read())
}

/// [`lint_new_migrations`] of the migrations just generated from `schema` (what `generate` and
/// the build script wrote): their snapshots record `schema`, so what they declare is taken from
/// it rather than read back from their files (megabytes of JSON for a thousand tables). The
/// findings are the same.
pub fn lint_generated_migrations(
    dir: &Path,
    first: &Path,
    dialect: Dialect,
    options: &Options,
    schema: &tablewright_core::Schema,
) -> Result<Vec<Finding>, Error> {
    let declared = Declared::from_schema(dialect, schema);
    lint_new(dir, first, dialect, options, Declarations::Given(&declared))
}

fn lint_new(
    dir: &Path,
    first: &Path,
    dialect: Dialect,
    options: &Options,
    declarations: Declarations,
) -> Result<Vec<Finding>, Error> {
    let scripts = scripts(dir, options)?;
    let first = first.file_name();
    Ok(lint_scripts(
        scripts,
        &[],
        dialect,
        options,
        Parsing::Fast,
        declarations,
        |script| migration_name(script) >= first && reported(script, options),
    ))
}

/// Where what a generated migration's schema declares comes from.
enum Declarations<'a> {
    /// Its folder's snapshot file, read once for the folder's `up.sql` and `down.sql`.
    Read(Option<(PathBuf, Option<Declared>)>),
    /// The schema the migrations were just generated from, which every generated folder
    /// linted records.
    Given(&'a Declared),
}

impl Declarations<'_> {
    fn read() -> Self {
        Declarations::Read(None)
    }

    /// What the schema of the migration in `folder` declares, if Tablewright generated it.
    fn of(&mut self, folder: &Path) -> Option<&Declared> {
        match self {
            Declarations::Given(declared) => {
                let generated = folder.join(tablewright_core::migrations::SNAPSHOT_FILE).is_file();
                generated.then_some(*declared)
            }
            Declarations::Read(last) => {
                if last.as_ref().is_none_or(|(read, _)| read != folder) {
                    *last = Some((folder.to_path_buf(), declared(folder)));
                }
                last.as_ref().and_then(|(_, declared)| declared.as_ref())
            }
        }
    }
}

/// The name of the migration `script` belongs to: its folder's for `up.sql` and `down.sql`,
/// its own for a loose `.sql` file.
fn migration_name(script: &Path) -> Option<&std::ffi::OsStr> {
    if script.file_name().is_some_and(|n| n == "up.sql" || n == "down.sql") {
        script.parent()?.file_name()
    } else {
        script.file_name()
    }
}

/// Lints `scripts` in order, each on top of what the earlier ones made; a script `report` says
/// no to is only read for what it makes (before `start_after`, or older than what `generate`
/// wrote). `later` are the `up.sql` of migrations after the scripts, read for the schema at the
/// end.
fn lint_scripts(
    scripts: Vec<Script>,
    later: &[String],
    dialect: Dialect,
    options: &Options,
    parsing: Parsing,
    mut declarations: Declarations,
    report: impl Fn(&Path) -> bool,
) -> Vec<Finding> {
    let scripts: Vec<_> = scripts
        .into_iter()
        .filter_map(|script| {
            let reported = report(&script.path);
            // A down script only matters when reported: it records nothing.
            if script.down && !reported {
                return None;
            }
            let parsed = statements(&script.sql, dialect, parsing);
            Some((script, parsed, reported))
        })
        .collect();
    // The schema after the last migration, for a foreign key whose index a later migration
    // builds. A single migration folder (or its up.sql) is followed by the migrations after it
    // in its parent folder: the index the next migration builds counts there too. With nothing
    // after it, the schema afterwards is the migration's own: not built twice.
    let ups = scripts.iter().filter(|(s, _, _)| !s.down).count();
    let mut future = Catalog::default();
    let has_future = ups > 1 || !later.is_empty();
    if has_future {
        for (_, parsed, _) in scripts.iter().filter(|(s, _, _)| !s.down) {
            for statement in parsed {
                future.apply(statement, dialect);
            }
        }
        for sql in later {
            for statement in statements(sql, dialect, parsing) {
                future.apply(&statement, dialect);
            }
        }
    }
    let mut history = Catalog::default();
    let mut findings = Vec::new();
    for (script, parsed, reported) in scripts {
        if !reported {
            // Read for the schema only: the rules need not run.
            for statement in &parsed {
                history.apply(statement, dialect);
            }
            continue;
        }
        // A down script is linted on a copy: what it does is not recorded.
        let before = if script.down {
            history.clone()
        } else {
            std::mem::take(&mut history)
        };
        let declared = script.folder.as_deref().and_then(|folder| declarations.of(folder));
        let (found, after) = lint_file(
            &script.sql,
            parsed,
            Some(&script.path),
            dialect,
            options,
            script.in_transaction,
            before,
            has_future.then_some(&future),
            declared,
        );
        findings.extend(found);
        if !script.down {
            history = after;
        }
    }
    findings
}

/// The `up.sql` of the migrations after `path` in its parent folder, in order, when `path` is one
/// migration folder or its `up.sql`; nothing otherwise (or when they cannot be read).
fn later_siblings(path: &Path) -> Vec<String> {
    let folder = if path.is_file() { path.parent() } else { Some(path) };
    let Some(folder) = folder.filter(|f| f.join("up.sql").is_file()) else {
        return Vec::new();
    };
    let (Some(parent), Some(name)) = (folder.parent(), folder.file_name()) else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut later: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n > name) && p.join("up.sql").is_file())
        .collect();
    later.sort();
    later
        .iter()
        .filter_map(|p| fs::read_to_string(p.join("up.sql")).ok())
        .collect()
}

/// Whether findings in `path` are reported: its migration's version is after
/// [`Options::start_after`] (a file outside a migration folder goes by its own name).
fn reported(path: &Path, options: &Options) -> bool {
    let Some(start) = &options.start_after else {
        return true;
    };
    let version = |name: &str| -> String {
        name.split('_')
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|c| *c != '-')
            .collect()
    };
    let Some(name) = migration_name(path).map(Path::new).and_then(Path::file_stem) else {
        return true;
    };
    let name = name.to_string_lossy();
    // Versions of one history have the same length; compare as numbers when both are digits.
    let (ours, theirs) = (version(&name), version(start));
    match (ours.parse::<u128>(), theirs.parse::<u128>()) {
        (Ok(a), Ok(b)) => a > b,
        _ => ours > theirs,
    }
}

fn scripts(path: &Path, options: &Options) -> Result<Vec<Script>, Error> {
    let mut scripts = Vec::new();
    if path.is_file() {
        let (in_transaction, folder) = match path.parent() {
            Some(folder) => (run_in_transaction(folder, options)?, Some(folder)),
            None => (options.run_in_transaction, None),
        };
        scripts.push(script(path, in_transaction, false, folder)?);
        return Ok(scripts);
    }
    if path.join("up.sql").is_file() {
        migration(path, options, &mut scripts)?;
        return Ok(scripts);
    }
    let read_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut items: Vec<PathBuf> = Vec::new();
    for entry in fs::read_dir(path).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        let item = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let sql = item.extension().is_some_and(|e| e == "sql") && item.is_file();
        if !hidden && (item.join("up.sql").is_file() || sql) {
            items.push(item);
        }
    }
    if items.is_empty() {
        return Err(Error::NotMigrations {
            path: path.to_path_buf(),
        });
    }
    items.sort();
    for item in items {
        if item.is_dir() {
            migration(&item, options, &mut scripts)?;
        } else {
            let in_transaction = run_in_transaction(path, options)?;
            scripts.push(script(&item, in_transaction, false, None)?);
        }
    }
    Ok(scripts)
}

fn migration(folder: &Path, options: &Options, scripts: &mut Vec<Script>) -> Result<(), Error> {
    let in_transaction = run_in_transaction(folder, options)?;
    scripts.push(script(&folder.join("up.sql"), in_transaction, false, Some(folder))?);
    let down = folder.join("down.sql");
    if options.include_down && down.is_file() {
        scripts.push(script(&down, in_transaction, true, Some(folder))?);
    }
    Ok(())
}

/// What the schema of a migration Tablewright generated declares, from its snapshot; `None`
/// for a hand-written migration (or a snapshot that does not read).
fn declared(folder: &Path) -> Option<Declared> {
    let text = fs::read_to_string(folder.join(tablewright_core::migrations::SNAPSHOT_FILE)).ok()?;
    Declared::from_snapshot_json(&text)
}

fn script(path: &Path, in_transaction: bool, down: bool, folder: Option<&Path>) -> Result<Script, Error> {
    let sql = tablewright_core::text_file::read(path).map_err(|problem| Error::NotText {
        path: path.to_path_buf(),
        line: problem.line,
        column: problem.column,
        message: problem.message,
    })?;
    Ok(Script {
        path: path.to_path_buf(),
        sql,
        in_transaction,
        down,
        folder: folder.map(Path::to_path_buf),
    })
}

/// `run_in_transaction` from `folder/metadata.toml`; diesel runs a migration in a transaction
/// unless it says otherwise.
fn run_in_transaction(folder: &Path, options: &Options) -> Result<bool, Error> {
    let path = folder.join("metadata.toml");
    let Ok(text) = fs::read_to_string(&path) else {
        return Ok(options.run_in_transaction);
    };
    let table: toml::Table = toml::from_str(&text).map_err(|e| Error::Metadata {
        path: path.clone(),
        message: e.to_string(),
    })?;
    match table.get("run_in_transaction") {
        None => Ok(true),
        Some(toml::Value::Boolean(b)) => Ok(*b),
        Some(other) => Err(Error::Metadata {
            path,
            message: format!("run_in_transaction must be true or false, not {other}"),
        }),
    }
}

//! Linting files and folders: a `.sql` file, a diesel migration folder (`up.sql`, `down.sql`,
//! `metadata.toml`), or a folder of migrations, linted in order so each one knows the tables,
//! indexes and policies the earlier ones made.

use std::fs;
use std::path::{Path, PathBuf};

use tablewright_core::Dialect;

use crate::context::{Catalog, Declared};
use crate::{apply, lint_file, Finding, Options};

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
    /// A generated migration: what its snapshot declares.
    declared: Option<Declared>,
}

/// Lints `path`: a `.sql` file, a migration folder (its `up.sql`, and `down.sql` with
/// [`Options::include_down`]), or a folder of migration folders and `.sql` files, in name order.
/// Each migration's `metadata.toml` says whether it runs in a transaction (diesel's default: yes).
pub fn lint_path(path: &Path, dialect: Dialect, options: &Options) -> Result<Vec<Finding>, Error> {
    let scripts = scripts(path, options)?;
    let mut future = Catalog::default();
    for script in scripts.iter().filter(|s| !s.down) {
        apply(&script.sql, dialect, &mut future);
    }
    let mut history = Catalog::default();
    let mut findings = Vec::new();
    for script in &scripts {
        let (found, after) = lint_file(
            &script.sql,
            Some(&script.path),
            dialect,
            options,
            script.in_transaction,
            &history,
            Some(&future),
            script.declared.as_ref(),
        );
        findings.extend(found);
        if !script.down {
            history = after;
        }
    }
    Ok(findings)
}

fn scripts(path: &Path, options: &Options) -> Result<Vec<Script>, Error> {
    let mut scripts = Vec::new();
    if path.is_file() {
        let (in_transaction, declared) = match path.parent() {
            Some(folder) => (run_in_transaction(folder, options)?, declared(folder)),
            None => (options.run_in_transaction, None),
        };
        scripts.push(script(path, in_transaction, false, declared)?);
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
    let declared = declared(folder);
    scripts.push(script(&folder.join("up.sql"), in_transaction, false, declared.clone())?);
    let down = folder.join("down.sql");
    if options.include_down && down.is_file() {
        scripts.push(script(&down, in_transaction, true, declared)?);
    }
    Ok(())
}

/// What the schema of a migration Tablewright generated declares, from its snapshot; `None`
/// for a hand-written migration (or a snapshot that does not read).
fn declared(folder: &Path) -> Option<Declared> {
    let text = fs::read_to_string(folder.join(tablewright_core::migrations::SNAPSHOT_FILE)).ok()?;
    let snapshot = tablewright_core::migrations::Snapshot::from_json(&text).ok()?;
    Some(Declared::new(&snapshot.schema, snapshot.dialect))
}

fn script(path: &Path, in_transaction: bool, down: bool, declared: Option<Declared>) -> Result<Script, Error> {
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
        declared,
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

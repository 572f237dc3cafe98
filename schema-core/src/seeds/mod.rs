//! Seed data for development: rows per table in `seeds/<table>.yaml` (a list of mappings) or
//! `seeds/<table>.csv` (a header row, then one row per line; an empty field is NULL). Read here
//! ([`read_dir`]), checked against the schema and put in foreign-key order ([`check`]), and
//! written as idempotent inserts per database ([`sql`]) that `tablewright seed` runs. Each format
//! is read only with its feature (`yaml`, `csv`); without it a file of that format is an error.

pub mod check;
#[cfg(test)]
mod check_tests;
#[cfg(feature = "csv")]
mod csv;
pub mod sql;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::missing_feature::{missing_feature, Input};
use crate::model::{Origin, Schema};

/// The rows of one file.
#[derive(Clone, Debug)]
pub struct SeedFile {
    /// The table, from the file's name.
    pub table: String,
    pub path: Arc<PathBuf>,
    pub origin: Origin,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug)]
pub struct Row {
    pub origin: Origin,
    pub cells: Vec<Cell>,
}

#[derive(Clone, Debug)]
pub struct Cell {
    pub column: String,
    pub origin: Origin,
    pub value: RawValue,
}

/// A value as the file wrote it: YAML's scalars keep their type, a CSV field is text.
#[derive(Clone, Debug, PartialEq)]
pub enum RawValue {
    Null,
    Bool(bool),
    /// A number as written (`42`, `-1.5`).
    Number(String),
    Text(String),
    /// A YAML mapping or sequence: only a JSON column takes one.
    Json(serde_json::Value),
}

impl RawValue {
    pub fn describe(&self) -> String {
        match self {
            RawValue::Null => "null".into(),
            RawValue::Bool(b) => format!("the boolean `{b}`"),
            RawValue::Number(n) => format!("the number `{n}`"),
            RawValue::Text(t) => format!("the text {t:?}"),
            RawValue::Json(_) => "a mapping or list".into(),
        }
    }
}

/// Every seed file of `dir` (not recursive; `.yaml`, `.yml` and `.csv`), in name order, and
/// the problems of those that could not be read. A folder that does not exist holds no seeds.
pub fn read_dir(dir: &Path) -> (Vec<SeedFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    // Files of a format this build has no reader for: one error per format, after the others.
    let mut unread: Vec<(Input, PathBuf)> = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (files, problems),
        Err(e) => {
            let origin = Origin::at(Some(Arc::new(dir.to_path_buf())), 0, 0);
            problems.push(Diagnostic::error(
                "seed-file",
                &origin,
                format!("cannot read the seeds folder: {e}"),
            ));
            return (files, problems);
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !matches!(extension.as_str(), "yaml" | "yml" | "csv") || !path.is_file() {
            continue;
        }
        let table = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let file = Arc::new(path.clone());
        let origin = Origin::at(Some(file.clone()), 1, 1);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                problems.push(Diagnostic::error(
                    "seed-file",
                    &origin,
                    format!("cannot read the file: {e}"),
                ));
                continue;
            }
        };
        let Some((rows, mut found)) = read_rows(&extension, &text, &file) else {
            let input = if extension == "csv" {
                Input::CsvSeeds
            } else {
                Input::YamlSeeds
            };
            unread.push((input, path));
            continue;
        };
        problems.append(&mut found);
        if let Some(first) = files.iter().find(|f: &&SeedFile| f.table == table) {
            problems.push(
                Diagnostic::error(
                    "seed-file",
                    &origin,
                    format!(
                        "a second seed file for table `{table}` (the first is {})",
                        first.path.display()
                    ),
                )
                .help("keep one file per table"),
            );
            continue;
        }
        files.push(SeedFile {
            table,
            path: file,
            origin,
            rows,
        });
    }
    for input in [Input::YamlSeeds, Input::CsvSeeds] {
        let paths: Vec<&PathBuf> = unread.iter().filter(|(i, _)| *i == input).map(|(_, p)| p).collect();
        problems.extend(missing_feature(input, &paths));
    }
    (files, problems)
}

/// The rows of a `.csv` or YAML file with their problems; `None` when this build has no reader
/// for its format (a feature off).
// With neither reader, nothing reads the text.
#[cfg_attr(not(any(feature = "yaml", feature = "csv")), allow(unused_variables))]
fn read_rows(extension: &str, text: &str, file: &Arc<PathBuf>) -> Option<(Vec<Row>, Vec<Diagnostic>)> {
    match extension {
        #[cfg(feature = "csv")]
        "csv" => Some(csv::rows(text, file)),
        #[cfg(not(feature = "csv"))]
        "csv" => None,
        #[cfg(feature = "yaml")]
        _ => Some(crate::source::yaml::seed_rows(text, file)),
        #[cfg(not(feature = "yaml"))]
        _ => None,
    }
}

/// The seed files of `dir`, read and checked against `schema`, parents first; or every problem
/// of reading and of the rows that could be read, at once. A folder without seed files gives no
/// tables.
pub fn read_and_check(dir: &Path, schema: &Schema, dialect: Dialect) -> Result<Vec<check::SeedTable>, Diagnostics> {
    let (files, mut problems) = read_dir(dir);
    // A file this build cannot read would make every row that references its rows a finding.
    if problems.iter().any(|p| p.code == crate::missing_feature::CODE) {
        return Err(Diagnostics(problems).sorted());
    }
    match check::check(schema, &files, dialect) {
        Ok(tables) if problems.is_empty() => Ok(tables),
        Ok(_) => Err(Diagnostics(problems).sorted()),
        Err(Diagnostics(more)) => {
            problems.extend(more);
            Err(Diagnostics(problems).sorted())
        }
    }
}

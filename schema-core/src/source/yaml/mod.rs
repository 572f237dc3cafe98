//! YAML schema files. A file holds one table, or several separated by `---`. The format is
//! documented in `docs/yaml.md` and described by the JSON Schema from [`json_schema`].
//!
//! Reading goes text → [`node`] tree (with the position of every key) → [`read`] into the
//! format's types (every key checked against its [`shape`], every problem reported at its key)
//! → [`lower`] into the shared declaration (every value parsed).

mod document;
mod lower;
mod node;
mod read;
mod seeds;
mod shape;
mod values;

use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::{docs_url, Diagnostic};
use crate::model::{Origin, Table};

#[cfg(feature = "json-schema")]
pub use document::json_schema;
pub use seeds::seed_rows;

/// Reads every table in `text`. Problems are returned with the tables that could still be read,
/// so one run reports every mistake in every file.
pub fn parse_str(text: &str, file: Option<Arc<PathBuf>>) -> (Vec<Table>, Vec<Diagnostic>) {
    let mut tables = Vec::new();
    let mut reader = read::Reader::new(file.clone());
    let (documents, syntax_error) = node::documents(text);
    for root in &documents {
        let Some(doc) = reader.table(root) else { continue };
        let (decl, mut found) = lower::lower(doc, root, file.clone());
        reader.problems.append(&mut found);
        let (table, mut found) = decl.lower();
        reader.problems.append(&mut found);
        tables.push(table);
    }
    let mut problems = reader.problems;
    // Top to bottom, as the file reads (reading visits some keys before others).
    problems.sort_by_key(|p| (p.origin.line, p.origin.column));
    if let Some(error) = syntax_error {
        let (line, column) = error.position;
        let help = match tables.len() {
            0 => "fix the YAML at this position; nothing in this file was read".to_string(),
            n => format!(
                "fix the YAML at this position; the {n} table{} before it {} read, nothing after it",
                if n == 1 { "" } else { "s" },
                if n == 1 { "was" } else { "were" }
            ),
        };
        problems.push(
            Diagnostic::error("yaml-syntax", &Origin::yaml(file, line, column), error.message)
                .help(format!("{help} (the format: {})", docs_url("yaml.md#yaml-gotchas"))),
        );
    }
    (tables, problems)
}

#[cfg(test)]
mod bounds_tests;
#[cfg(test)]
mod constraint_tests;
#[cfg(test)]
mod index_key_tests;
#[cfg(test)]
mod tests;

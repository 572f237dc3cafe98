//! YAML schema files. A file holds one table, or several separated by `---`. The format is
//! documented in `docs/yaml.md` and described by the JSON Schema from [`json_schema`].
//!
//! Reading goes text → [`node`] tree (with the position of every key) → [`read`] into the
//! format's types (every key checked against its [`shape`], every problem reported at its key)
//! → [`lower`] into the shared declaration (every value parsed).

mod document;
mod function_doc;
mod lower;
mod node;
mod read;
mod seeds;
mod shape;
mod trigger_doc;
mod values;

use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::{docs_url, Diagnostic};
use crate::model::{Origin, Schema, Table};

#[cfg(feature = "json-schema")]
pub use document::json_schema;
pub use seeds::seed_rows;

/// Reads every table in `text` (see [`parse_schema_str`] for every kind of document).
pub fn parse_str(text: &str, file: Option<Arc<PathBuf>>) -> (Vec<Table>, Vec<Diagnostic>) {
    let (schema, problems) = parse_schema_str(text, file);
    (schema.tables, problems)
}

/// Reads every document in `text`: tables and functions, in the order written (not sorted, and
/// references not resolved: [`crate::project::Project::load`] does that for all files at once).
/// Problems are returned with what could still be read, so one run reports every mistake in
/// every file.
pub fn parse_schema_str(text: &str, file: Option<Arc<PathBuf>>) -> (Schema, Vec<Diagnostic>) {
    let mut schema = Schema::default();
    let mut reader = read::Reader::new(file.clone());
    let (documents, syntax_error) = node::documents(text);
    for root in &documents {
        match reader.document(root) {
            None => {}
            Some(document::Document::Table(doc)) => {
                let (decl, mut found) = lower::lower(doc, root, file.clone());
                reader.problems.append(&mut found);
                let (table, mut found) = decl.lower();
                reader.problems.append(&mut found);
                schema.tables.push(table);
            }
            Some(document::Document::Function(doc)) => {
                let (function, mut found) = function_doc::lower_function(doc, root, file.clone());
                reader.problems.append(&mut found);
                schema.functions.push(function);
            }
        }
    }
    let tables = &schema.tables;
    let mut problems = reader.problems;
    // Top to bottom, as the file reads (reading visits some keys before others).
    problems.sort_by_key(|p| (p.origin.line, p.origin.column));
    if let Some(error) = syntax_error {
        let (line, column) = error.position;
        let help = match tables.len() {
            0 if schema.functions.is_empty() => {
                "fix the YAML at this position; nothing in this file was read".to_string()
            }
            0 => "fix the YAML at this position; the documents before it were read, nothing after it".to_string(),
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
    (schema, problems)
}

#[cfg(test)]
mod bounds_tests;
#[cfg(test)]
mod constraint_tests;
#[cfg(test)]
mod index_key_tests;
#[cfg(test)]
mod tests;

//! YAML schema files. All YAML handling of the project lives in this module (serde_yaml is
//! deprecated upstream; replacing it means touching only `parse_documents` below).
//!
//! A file holds one table, or several separated by `---`. The format is documented in
//! `docs/yaml.md` and described by the JSON Schema from [`json_schema`].

mod document;
mod locate;
mod lower;

use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::model::{Origin, Table};

pub use document::json_schema;
use document::TableDoc;
use locate::Locator;

/// Reads every table in `text`. Problems are returned with the tables that could still be read,
/// so one run reports every mistake in every file.
pub fn parse_str(text: &str, file: Option<Arc<PathBuf>>) -> (Vec<Table>, Vec<Diagnostic>) {
    let mut tables = Vec::new();
    let mut problems = Vec::new();
    let locator = Locator::new(text);
    for (index, document) in parse_documents(text, locator.is_well_formed()).into_iter().enumerate() {
        match document {
            Ok(doc) => {
                let (decl, mut found) = lower::lower(doc, &locator, index, file.clone());
                problems.append(&mut found);
                if let Some(decl) = decl {
                    let (table, mut found) = decl.lower();
                    problems.append(&mut found);
                    tables.push(table);
                }
            }
            Err(error) => problems.push(syntax_error(error, file.clone())),
        }
    }
    (tables, problems)
}

/// Every document of the stream. A document that is not a valid table does not hide the ones
/// after it; a syntax error ends the stream, since nothing after it can be trusted.
fn parse_documents(text: &str, well_formed: bool) -> Vec<Result<TableDoc, serde_yaml::Error>> {
    let mut documents: Vec<Result<TableDoc, serde_yaml::Error>> = Vec::new();
    for document in serde_yaml::Deserializer::from_str(text) {
        let parsed = TableDoc::deserialize(document);
        if let (Err(error), Some(Err(previous))) = (&parsed, documents.last()) {
            // A parser stuck on a syntax error repeats it for every further document.
            if error.to_string() == previous.to_string() {
                break;
            }
        }
        let fatal = parsed.is_err() && !well_formed;
        documents.push(parsed);
        if fatal {
            break;
        }
    }
    documents
}

fn syntax_error(error: serde_yaml::Error, file: Option<Arc<PathBuf>>) -> Diagnostic {
    let (line, column) = error.location().map(|l| (l.line(), l.column())).unwrap_or((0, 0));
    let message = error.to_string();
    // serde_yaml appends the position; the diagnostic shows it in its own line.
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    };
    let help = if message.contains("unknown field `") && message.contains(")`, expected") {
        "inside `{ ... }` a comma ends the value: quote types with commas, e.g. `type: 'numeric(12,3)'`"
    } else if message.contains("unknown field") {
        "see docs/yaml.md for every key, or point your editor at tablewright.schema.json"
    } else if message.contains("missing field `columns`") || message.contains("missing field `table`") {
        "a table file needs at least `table: name` and `columns:`"
    } else {
        "fix the YAML at this position; nothing was generated from this file"
    };
    Diagnostic::error("yaml-syntax", &Origin::at(file, line, column), message).help(help)
}

#[cfg(test)]
mod tests;

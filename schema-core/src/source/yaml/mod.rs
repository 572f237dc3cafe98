//! YAML schema files. A file holds one table, or several separated by `---`. The format is
//! documented in `docs/yaml.md` and described by the JSON Schema from `json_schema` (feature
//! `json-schema`).
//!
//! Reading goes text → `node` tree (with the position of every key) → `read` into the
//! format's types (every key checked against its `shape`, every problem reported at its key)
//! → `lower` into the shared declaration (every value parsed).

mod composite_doc;
mod document;
mod function_doc;
mod lower;
mod node;
mod read;
mod seeds;
mod shape;
mod trigger_doc;
mod types_doc;
mod values;
mod view_doc;

use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::{docs_url, Diagnostic};
use crate::model::{ColumnType, Origin, Schema, Table};

#[cfg(feature = "json-schema")]
pub use document::json_schema;
pub use seeds::seed_rows;

/// Reads every table in `text`. Problems are returned with the tables that could still be read,
/// so one run reports every mistake in every file.
///
/// Without the file's declarations to return, a column type that is neither built in nor
/// declared in this file (an enum, a domain, an extension's type) is reported here, as the
/// reader reports every type it cannot read.
pub fn parse_str(text: &str, file: Option<Arc<PathBuf>>) -> (Vec<Table>, Vec<Diagnostic>) {
    let (mut schema, mut problems) = parse_schema_str(text, file);
    let declared: Vec<String> = schema
        .enums
        .iter()
        .map(|e| e.name.clone())
        .chain(schema.domains.iter().map(|d| d.name.clone()))
        .chain(schema.composites.iter().map(|c| c.name.clone()))
        .collect();
    for column in schema.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
        let Some(name) = column.ty.declared_name() else {
            continue;
        };
        if declared.iter().any(|d| d == name) || crate::model::extension_of_type(name).is_some() {
            continue;
        }
        let origin = column.origin.key("type").clone();
        problems.push(
            Diagnostic::error(
                "unknown-type",
                &origin,
                format!(
                    "column `{}`: {}",
                    column.name,
                    ColumnType::unknown_named(&column.ty.to_string(), &[])
                ),
            )
            .help("types are portable names; put a database-specific type in `native_type: {postgres: ...}`"),
        );
        column.ty = ColumnType::Text;
        column.origin.read_with_errors = true;
    }
    problems.sort_by_key(|p| (p.origin.line, p.origin.column));
    (schema.tables, problems)
}

/// Reads every document in `text`: tables, extensions, enum types, domains and functions, in the
/// order written (not sorted, and references not resolved: [`crate::project::Project::load`] does
/// that for all files at once). Problems are returned with what could still be read, so one run
/// reports every mistake in every file.
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
            Some(document::Document::Extension(doc)) => {
                let extension = types_doc::lower_extension(&mut reader, doc, root);
                schema.extensions.push(extension);
            }
            Some(document::Document::Enum(doc)) => {
                let enum_type = types_doc::lower_enum(&mut reader, doc, root);
                schema.enums.push(enum_type);
            }
            Some(document::Document::Domain(doc)) => {
                let domain = types_doc::lower_domain(&mut reader, doc, root);
                schema.domains.push(domain);
            }
            Some(document::Document::Function(doc)) => {
                let (function, mut found) = function_doc::lower_function(doc, root, file.clone());
                reader.problems.append(&mut found);
                schema.functions.push(function);
            }
            Some(document::Document::Composite(doc)) => {
                let composite = composite_doc::lower_composite(&mut reader, doc, root);
                schema.composites.push(composite);
            }
            Some(document::Document::View(doc)) => {
                let (view, mut found) = view_doc::lower_view(doc, root, file.clone());
                reader.problems.append(&mut found);
                schema.views.push(view);
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
            0 if schema.functions.is_empty() && schema.views.is_empty() => {
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

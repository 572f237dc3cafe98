//! Seed files in YAML: a list of rows, each a mapping of column to value. Read here so that all
//! YAML reading stays in this module.

use std::path::PathBuf;
use std::sync::Arc;

use super::node::{self, Kind, Node, Value};
use crate::diagnostic::Diagnostic;
use crate::model::Origin;
use crate::seeds::{Cell, RawValue, Row};

pub fn seed_rows(text: &str, file: &Arc<PathBuf>) -> (Vec<Row>, Vec<Diagnostic>) {
    let at = |(line, column): node::Position| Origin::yaml(Some(file.clone()), line, column);
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let (documents, syntax_error) = node::documents(text);
    if let Some(error) = syntax_error {
        problems.push(
            Diagnostic::error("yaml-syntax", &at(error.position), error.message)
                .help("fix the YAML at this position; no row of this file was loaded"),
        );
        return (rows, problems);
    }
    let Some(root) = documents.first() else {
        return (rows, problems);
    };
    if documents.len() > 1 {
        problems.push(
            Diagnostic::error(
                "seed-file",
                &at(documents[1].position),
                "a seed file holds one list of rows",
            )
            .help("remove the `---`: the file's name says the table, and every row goes in one list"),
        );
    }
    let Kind::Sequence(items) = &root.kind else {
        problems.push(
            Diagnostic::error("seed-file", &at(root.position), "a seed file is a list of rows")
                .help("write each row as `- { column: value, ... }`"),
        );
        return (rows, problems);
    };
    for item in items {
        let Kind::Mapping(entries) = &item.kind else {
            problems.push(
                Diagnostic::error("seed-row", &at(item.position), "a row is a mapping of column to value")
                    .help("write the row as `- { column: value, ... }`"),
            );
            continue;
        };
        let mut cells: Vec<Cell> = Vec::new();
        for (key, value) in entries {
            let Some(column) = key.key_text() else {
                problems.push(Diagnostic::error(
                    "seed-row",
                    &at(key.position),
                    "a column name must be a plain key",
                ));
                continue;
            };
            if cells.iter().any(|c| c.column == column) {
                problems.push(
                    Diagnostic::error(
                        "seed-row",
                        &at(key.position),
                        format!("column `{column}` is given twice in this row"),
                    )
                    .help("keep one value per column"),
                );
                continue;
            }
            cells.push(Cell {
                column: column.to_string(),
                origin: at(key.position),
                value: raw_value(value),
            });
        }
        rows.push(Row {
            origin: at(item.position),
            cells,
        });
    }
    (rows, problems)
}

fn raw_value(node: &Node) -> RawValue {
    match &node.kind {
        Kind::Scalar(scalar) => match scalar.value() {
            Value::Null => RawValue::Null,
            Value::Bool(b) => RawValue::Bool(b),
            Value::Integer(_) | Value::Float(_) => RawValue::Number(scalar.text.clone()),
            Value::Text(text) => RawValue::Text(text.to_string()),
        },
        _ => RawValue::Json(json(node)),
    }
}

fn json(node: &Node) -> serde_json::Value {
    match &node.kind {
        Kind::Scalar(scalar) => match scalar.value() {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(b),
            Value::Integer(i) => i.into(),
            Value::Float(f) => {
                serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
            Value::Text(text) => text.into(),
        },
        Kind::Sequence(items) => items.iter().map(json).collect(),
        Kind::Mapping(entries) => entries
            .iter()
            .map(|(k, v)| (k.key_text().unwrap_or_default().to_string(), json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

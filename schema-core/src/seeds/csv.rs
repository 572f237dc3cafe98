//! CSV seed files: a header row of column names, then one row per record. Every field is text;
//! an empty field is NULL (write `""` inside quotes for an empty string).

use std::path::PathBuf;
use std::sync::Arc;

use super::{Cell, RawValue, Row};
use crate::diagnostic::Diagnostic;
use crate::model::Origin;

pub fn rows(text: &str, file: &Arc<PathBuf>) -> (Vec<Row>, Vec<Diagnostic>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let at = |line: u64| Origin::at(Some(file.clone()), line as usize, 1);
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header.iter().map(|h| h.trim().to_string()).collect(),
        Err(e) => {
            problems.push(Diagnostic::error(
                "seed-file",
                &at(1),
                format!("the header row does not read as CSV: {e}"),
            ));
            return (rows, problems);
        }
    };
    for record in reader.byte_records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(
                    Diagnostic::error("seed-file", &at(line), format!("this row does not read as CSV: {e}"))
                        .help("every row needs as many fields as the header; quote a field that holds a comma"),
                );
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let quoted = quoted_fields(text, record.position().map_or(0, |p| p.byte() as usize), record.len());
        let mut cells = Vec::new();
        for (i, (column, field)) in header.iter().zip(record.iter()).enumerate() {
            let field = String::from_utf8_lossy(field).into_owned();
            let value = if field.is_empty() && !quoted.get(i).copied().unwrap_or(false) {
                RawValue::Null
            } else {
                RawValue::Text(field)
            };
            cells.push(Cell {
                column: column.clone(),
                origin: at(line),
                value,
            });
        }
        rows.push(Row {
            origin: at(line),
            cells,
        });
    }
    (rows, problems)
}

/// Which fields of the record starting at `start` are quoted, so `""` is an empty string and an
/// empty field is NULL.
fn quoted_fields(text: &str, start: usize, count: usize) -> Vec<bool> {
    let mut quoted = Vec::with_capacity(count);
    let mut at_field_start = true;
    let mut inside = false;
    for c in text[start.min(text.len())..].chars() {
        if inside {
            if c == '"' {
                inside = false; // a doubled quote reopens at once below
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted.push(true);
                inside = true;
                at_field_start = false;
            }
            '"' => inside = true,
            ',' => {
                if at_field_start {
                    quoted.push(false);
                }
                at_field_start = true;
            }
            '\n' | '\r' => break,
            _ if at_field_start => {
                quoted.push(false);
                at_field_start = false;
            }
            _ => {}
        }
    }
    if at_field_start {
        quoted.push(false);
    }
    quoted
}

//! Seed rows checked against the schema: every problem at its file:line, then the tables in
//! foreign-key order with their values typed.
//!
//! Checked: the table exists and has a primary key (re-running recognises a row by it); every
//! column exists; every row gives its primary key and every NOT NULL column the database cannot
//! fill in; each value fits its column (type, length, enum values, NULL); primary keys are not
//! repeated; and each foreign key points at a row of the referenced table's seeds (a table
//! owned by another team is not checked: its rows are in the database, not in `seeds/`).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::{RawValue, SeedFile};
use crate::check::columns::{is_date, is_time, is_uuid};
use crate::diagnostic::{closest, Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::model::{Column, ColumnType, Literal, Origin, Schema, Table};

/// A value ready to be written as SQL.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A canonical decimal number.
    Number(String),
    Text(String),
    /// JSON text.
    Json(String),
    Binary(Vec<u8>),
}

impl Value {
    /// The value as a foreign key compares it, and as a tenant setting holds it.
    pub fn key(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) | Value::Text(n) | Value::Json(n) => n.clone(),
            Value::Binary(bytes) => bytes.iter().map(|b| format!("{b:02x}")).collect(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct SeedRow {
    pub origin: Origin,
    /// The row's columns, in the table's order.
    pub values: Vec<(String, Value)>,
}

#[derive(Clone, Debug)]
pub struct SeedTable {
    pub table: Table,
    pub file: String,
    pub rows: Vec<SeedRow>,
}

/// Checks `files` against `schema`; on success, the tables parents first.
pub fn check(schema: &Schema, files: &[SeedFile], dialect: Dialect) -> Result<Vec<SeedTable>, Diagnostics> {
    let mut problems = Vec::new();
    let mut tables = Vec::new();
    for file in files {
        let Some(table) = schema.table(&file.table).filter(|t| t.is_live()) else {
            let known = schema.tables.iter().filter(|t| t.is_live()).map(|t| t.name.as_str());
            let hint = closest(&file.table, known)
                .map(|c| format!(": did you mean `{c}.yaml`?"))
                .unwrap_or_default();
            problems.push(
                Diagnostic::error(
                    "seed-unknown-table",
                    &file.origin,
                    format!("no table `{}` in the schema", file.table),
                )
                .help(format!("a seed file is named after its table{hint}")),
            );
            continue;
        };
        if table.is_external() {
            problems.push(
                Diagnostic::error(
                    "seed-external-table",
                    &file.origin,
                    format!("`{}` belongs to another team", table.name),
                )
                .help("seed data for a table owned elsewhere is loaded by its owner; remove this file"),
            );
            continue;
        }
        let Some(key) = &table.primary_key else {
            problems.push(
                Diagnostic::error(
                    "seed-no-key",
                    &file.origin,
                    format!("`{}` has no primary key", table.name),
                )
                .help("seeds are loaded idempotently, recognising each row by its primary key: give the table one"),
            );
            continue;
        };
        let mut rows = Vec::new();
        let mut seen = HashSet::new();
        for row in &file.rows {
            let before = problems.len();
            let mut values = BTreeMap::new();
            let given: BTreeSet<&str> = row.cells.iter().map(|c| c.column.as_str()).collect();
            for cell in &row.cells {
                let Some(column) = table.live_columns().find(|c| c.name == cell.column) else {
                    let hint = closest(&cell.column, table.live_columns().map(|c| c.name.as_str()))
                        .map(|c| format!("did you mean `{c}`? "))
                        .unwrap_or_default();
                    problems.push(
                        Diagnostic::error(
                            "seed-unknown-column",
                            &cell.origin,
                            format!("`{}` has no column `{}`", table.name, cell.column),
                        )
                        .help(format!("{hint}the columns are: {}", columns_list(table))),
                    );
                    continue;
                };
                match value(column, &cell.value, dialect) {
                    Ok(value) => {
                        values.insert(column.name.clone(), value);
                    }
                    Err((message, help)) => problems.push(
                        Diagnostic::error(
                            "seed-value",
                            &cell.origin,
                            format!("`{}.{}`: {message}", table.name, column.name),
                        )
                        .help(help),
                    ),
                }
            }
            for column in table.live_columns() {
                let in_key = key.columns.contains(&column.name);
                let fillable = column.nullable || column.default.is_some() || column.ty.is_serial();
                // A value given but wrong is reported as wrong, not also as missing.
                if !given.contains(column.name.as_str()) && (in_key || !fillable) {
                    let why = if in_key {
                        "it is part of the primary key, by which a second run recognises the row"
                    } else {
                        "it is NOT NULL and has no default"
                    };
                    problems.push(
                        Diagnostic::error(
                            "seed-missing-value",
                            &row.origin,
                            format!("this row of `{}` gives no `{}`", table.name, column.name),
                        )
                        .help(format!("give it a value: {why}")),
                    );
                }
            }
            // A repeated key is reported even on a row with other mistakes.
            let id: Option<Vec<String>> = key.columns.iter().map(|c| Some(values.get(c)?.key())).collect();
            if let Some(id) = id {
                if !seen.insert(id.clone()) {
                    problems.push(
                        Diagnostic::error(
                            "seed-duplicate-key",
                            &row.origin,
                            format!("a second row of `{}` with the key ({})", table.name, id.join(", ")),
                        )
                        .help("each row's primary key must be its own"),
                    );
                }
            }
            if problems.len() > before {
                continue;
            }
            let values = table
                .live_columns()
                .filter_map(|c| Some((c.name.clone(), values.remove(&c.name)?)))
                .collect();
            rows.push(SeedRow {
                origin: row.origin.clone(),
                values,
            });
        }
        tables.push(SeedTable {
            table: table.clone(),
            file: file.path.display().to_string(),
            rows,
        });
    }
    check_references(schema, &tables, &mut problems);
    let ordered = order(tables, &mut problems);
    if problems.is_empty() {
        Ok(ordered)
    } else {
        Err(Diagnostics(problems).sorted())
    }
}

/// Each foreign key of a seeded row must find its row in the referenced table's seeds.
fn check_references(schema: &Schema, tables: &[SeedTable], problems: &mut Vec<Diagnostic>) {
    let keys = |table: &SeedTable, columns: &[String]| -> BTreeSet<Vec<String>> {
        table
            .rows
            .iter()
            .filter_map(|row| {
                columns
                    .iter()
                    .map(|c| row.values.iter().find(|(n, _)| n == c).map(|(_, v)| v.key()))
                    .collect()
            })
            .collect()
    };
    for seeded in tables {
        for fk in &seeded.table.foreign_keys {
            if schema.table(&fk.references.table).is_some_and(Table::is_external) {
                continue;
            }
            let target = tables.iter().find(|t| t.table.name == fk.references.table);
            let available = target.map(|t| keys(t, &fk.references.columns)).unwrap_or_default();
            for row in &seeded.rows {
                let value: Option<Vec<String>> = fk
                    .columns
                    .iter()
                    .map(|c| match row.values.iter().find(|(n, _)| n == c).map(|(_, v)| v) {
                        None | Some(Value::Null) => None,
                        Some(v) => Some(v.key()),
                    })
                    .collect();
                let Some(value) = value else { continue };
                if available.contains(&value) {
                    continue;
                }
                let pairs: Vec<String> = (fk.references.columns.iter().zip(&value))
                    .map(|(c, v)| format!("{c} = {v}"))
                    .collect();
                let help = match target {
                    Some(target) => format!("add that row to {}, or point at one of its rows", target.file),
                    None => format!(
                        "seed `{}` too (seeds/{}.yaml), with that row",
                        fk.references.table, fk.references.table
                    ),
                };
                problems.push(
                    Diagnostic::error(
                        "seed-unknown-reference",
                        &row.origin,
                        format!(
                            "`{}` refers to a `{}` row with {} that no seed file holds",
                            seeded.table.name,
                            fk.references.table,
                            pairs.join(", ")
                        ),
                    )
                    .help(help),
                );
            }
        }
    }
}

/// Parents before children. A table that refers to itself keeps its file's order (parents
/// first, as written). A cycle is a problem, and nothing is ordered.
fn order(mut tables: Vec<SeedTable>, problems: &mut Vec<Diagnostic>) -> Vec<SeedTable> {
    let mut ordered: Vec<SeedTable> = Vec::new();
    while !tables.is_empty() {
        let names: BTreeSet<String> = tables.iter().map(|t| t.table.name.clone()).collect();
        let ready = tables.iter().position(|t| {
            t.table
                .foreign_keys
                .iter()
                .all(|fk| fk.references.table == t.table.name || !names.contains(&fk.references.table))
        });
        match ready {
            Some(i) => ordered.push(tables.remove(i)),
            None => {
                let cycle: Vec<&str> = tables.iter().map(|t| t.table.name.as_str()).collect();
                problems.push(
                    Diagnostic::error(
                        "seed-cycle",
                        // At the first table's file: each file is a place to break the cycle.
                        &Origin::at(Some(Arc::new(PathBuf::from(&tables[0].file))), 1, 1),
                        format!(
                            "the seeded tables {} refer to each other in a cycle: none can be loaded first",
                            cycle.join(", ")
                        ),
                    )
                    .help("leave a nullable foreign key of one of them out of its seeds"),
                );
                return Vec::new();
            }
        }
    }
    ordered
}

fn columns_list(table: &Table) -> String {
    table
        .live_columns()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

type Problem = (String, String);

/// `raw` as a value of `column`, or what is wrong with it and how to write it.
fn value(column: &Column, raw: &RawValue, dialect: Dialect) -> Result<Value, Problem> {
    let wrong = |expected: &str, example: &str| {
        Err((
            format!("{} is not {expected}", raw.describe()),
            format!("write it like `{example}`"),
        ))
    };
    if *raw == RawValue::Null {
        return if column.nullable {
            Ok(Value::Null)
        } else {
            Err((
                "null in a NOT NULL column".into(),
                "give a value, or leave the column out if it has a default".into(),
            ))
        };
    }
    if let Some(values) = &column.values {
        let text = match raw {
            RawValue::Text(t) => t.clone(),
            RawValue::Number(n) => n.clone(),
            RawValue::Bool(b) => b.to_string(),
            _ => String::new(),
        };
        return if values.values.contains(&text) {
            Ok(Value::Text(text))
        } else {
            Err((
                format!("{} is not one of its values", raw.describe()),
                format!("the values are: {}", values.values.join(", ")),
            ))
        };
    }
    // Text as written, for types CSV gives as text and YAML may give as a number or boolean.
    let text = match raw {
        RawValue::Text(t) | RawValue::Number(t) => Some(t.as_str()),
        _ => None,
    };
    match column.ty {
        ColumnType::SmallInt
        | ColumnType::Integer
        | ColumnType::BigInt
        | ColumnType::Serial
        | ColumnType::BigSerial => {
            let range: (i64, i64) = match column.ty {
                ColumnType::SmallInt => (i16::MIN.into(), i16::MAX.into()),
                ColumnType::Integer | ColumnType::Serial => (i32::MIN.into(), i32::MAX.into()),
                _ => (i64::MIN, i64::MAX),
            };
            match text.map(str::trim).and_then(|t| t.parse::<i64>().ok()) {
                Some(n) if (range.0..=range.1).contains(&n) => Ok(Value::Number(n.to_string())),
                Some(_) => Err((
                    format!("{} is out of range for {}", raw.describe(), column.ty),
                    format!("between {} and {}", range.0, range.1),
                )),
                None => wrong("an integer", "42"),
            }
        }
        ColumnType::Numeric(_) | ColumnType::Real | ColumnType::Double => {
            match text.map(str::trim).and_then(|t| {
                Literal::number(t).or_else(|| {
                    t.parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite())
                        .map(|_| Literal::Number(t.to_string()))
                })
            }) {
                Some(Literal::Number(n)) => Ok(Value::Number(n)),
                _ => wrong("a number", "12.50"),
            }
        }
        ColumnType::Boolean => match raw {
            RawValue::Bool(b) => Ok(Value::Bool(*b)),
            RawValue::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
                "true" | "t" | "1" | "yes" => Ok(Value::Bool(true)),
                "false" | "f" | "0" | "no" => Ok(Value::Bool(false)),
                _ => wrong("a boolean", "true"),
            },
            _ => wrong("a boolean", "true"),
        },
        ColumnType::Text
        | ColumnType::Varchar(_)
        | ColumnType::UnboundedVarchar
        | ColumnType::Char(_)
        | ColumnType::Named(_) => match raw {
            RawValue::Text(t) => {
                if let ColumnType::Varchar(max) | ColumnType::Char(max) = column.ty {
                    let length = t.chars().count();
                    if length > max as usize {
                        return Err((
                            format!("{length} characters do not fit {}", column.ty),
                            "shorten it".into(),
                        ));
                    }
                }
                Ok(Value::Text(t.clone()))
            }
            // YAML reads `007` as the number 7: taking it as text would lose what was written.
            _ => Err((format!("{} is not text", raw.describe()), "quote it: `'007'`".into())),
        },
        ColumnType::Uuid => match text.map(str::trim) {
            Some(t) if is_uuid(t) => Ok(Value::Text(t.to_ascii_lowercase())),
            _ => wrong("a UUID", "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f"),
        },
        ColumnType::Date => match text.map(str::trim) {
            Some(t) if is_date(t) => Ok(Value::Text(t.to_string())),
            _ => wrong("a date", "2026-12-04"),
        },
        ColumnType::Time(_) => match text.map(str::trim) {
            Some(t) if is_time(t) => Ok(Value::Text(t.to_string())),
            _ => wrong("a time", "14:30:00"),
        },
        ColumnType::Timestamp(_) | ColumnType::Timestamptz(_) => {
            let Some(t) = text.map(str::trim) else {
                return wrong("a timestamp", "2026-12-04 14:30:00");
            };
            let (date, rest) = t.split_at(t.find([' ', 'T']).unwrap_or(t.len()));
            let time = rest.get(1..).unwrap_or_default();
            let (time, offset) = split_offset(time);
            if !is_date(date) || !is_time(time) || (offset.is_some() && matches!(column.ty, ColumnType::Timestamp(_))) {
                return wrong("a timestamp", "2026-12-04 14:30:00");
            }
            if offset.is_some() && dialect == Dialect::Mysql {
                return Err((
                    format!("{} has a time-zone offset, which MySQL does not store", raw.describe()),
                    "write the time in UTC without an offset, e.g. `2026-12-04 14:30:00`".into(),
                ));
            }
            Ok(Value::Text(format!("{date} {}{}", time, offset.unwrap_or_default())))
        }
        ColumnType::Json | ColumnType::Jsonb => match raw {
            RawValue::Json(json) => Ok(Value::Json(json.to_string())),
            RawValue::Text(t) => match serde_json::from_str::<serde_json::Value>(t) {
                Ok(json) => Ok(Value::Json(json.to_string())),
                Err(e) => Err((
                    format!("{} is not JSON ({e})", raw.describe()),
                    "write a YAML mapping or list, or JSON text: `'{\"a\": 1}'`".into(),
                )),
            },
            RawValue::Number(n) => Ok(Value::Json(n.clone())),
            RawValue::Bool(b) => Ok(Value::Json(b.to_string())),
            RawValue::Null => unreachable!("handled above"),
        },
        ColumnType::Binary => match text.and_then(|t| t.trim().strip_prefix("\\x").map(hex)) {
            Some(Some(bytes)) => Ok(Value::Binary(bytes)),
            _ => wrong("binary data in hex", "\\x00ff"),
        },
        // PostgreSQL reads the value from its text form (and says which ones it refuses).
        ColumnType::Postgres(_) => match raw {
            RawValue::Text(t) => Ok(Value::Text(t.clone())),
            _ => wrong("text in PostgreSQL's form", "192.168.0.1/24"),
        },
        ColumnType::Array(_) => match raw {
            RawValue::Text(t) => Ok(Value::Text(t.clone())),
            _ => wrong("an array in PostgreSQL's text form", "{1,2,3}"),
        },
    }
}

/// `14:30:00+02:00` → (`14:30:00`, Some(`+02:00`)); `Z` is an offset too.
fn split_offset(time: &str) -> (&str, Option<&str>) {
    if let Some(clock) = time.strip_suffix('Z') {
        return (clock, Some("+00:00"));
    }
    match time.rfind(['+', '-']) {
        Some(at) if at >= 8 => (&time[..at], Some(&time[at..])),
        _ => (time, None),
    }
}

fn hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

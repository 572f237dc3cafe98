//! TypeScript types of a schema, for the code on the other side of an API: per table a row
//! interface (what a `SELECT *` gives, as serde_json writes diesel's values) and an insert
//! interface (columns with a default, generated keys and nullable columns optional), and a
//! string-literal union per enum column.
//!
//! Types follow what a Rust backend sends as JSON: numbers for integers and floats, strings for
//! `numeric` (exact decimals), dates, times and UUIDs, `number[]` for binary (serde's `Vec<u8>`).
//! `bigint` is a number by default, which is exact only up to 2^53: [`BigIntAs`] chooses.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::described_tables;
use crate::model::{Column, ColumnType, Schema, Table};

/// How `bigint` and `bigserial` columns are typed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BigIntAs {
    /// `number`: what serde_json writes for an `i64`.
    #[default]
    Number,
    /// `string`: for an API that sends 64-bit integers as strings to keep them exact.
    String,
    /// `bigint`: for code that parses them into JavaScript's `BigInt`.
    BigInt,
}

#[derive(Clone, Debug)]
pub struct Options {
    /// The type of `json` and `jsonb` columns, e.g. `unknown` or `JsonValue` (declared by the
    /// caller's own code, see `preamble`).
    pub json_type: String,
    pub bigint: BigIntAs,
    /// Property names in camelCase (`dueOn`) instead of the column names (`due_on`), for an
    /// API that renames its fields (serde's `rename_all = "camelCase"`).
    pub camel_case: bool,
    /// Lines written after the header, e.g. `import type { JsonValue } from "./json";`.
    pub preamble: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            json_type: "unknown".into(),
            bigint: BigIntAs::default(),
            camel_case: false,
            preamble: None,
        }
    }
}

/// Two tables or columns whose TypeScript names would be the same.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{first}` and `{second}` would both be the TypeScript type `{name}`\n  = help: rename one of them, or generate the types of one at a time with --tables")]
pub struct NameClash {
    pub name: String,
    pub first: String,
    pub second: String,
}

/// The module: one `export` per type, tables in name order.
pub fn render(schema: &Schema, options: &Options) -> Result<String, NameClash> {
    let tables = described_tables(schema);
    let mut names = Names::default();
    let mut out = String::from("// Written by `tablewright types` from the schema; do not edit.\n");
    if let Some(preamble) = &options.preamble {
        out.push_str(preamble.trim_end());
        out.push('\n');
    }
    for table in tables {
        out.push('\n');
        out.push_str(&table_types(table, options, &mut names)?);
    }
    Ok(out)
}

fn table_types(table: &Table, options: &Options, names: &mut Names) -> Result<String, NameClash> {
    let base = pascal(&table.name);
    let mut out = String::new();
    let mut unions = BTreeMap::new();
    for column in table.live_columns() {
        if let Some(values) = &column.values {
            let name = names.claim(format!("{base}{}", pascal(&column.name)), || {
                format!("{}.{}", table.name, column.name)
            })?;
            let literals: Vec<String> = values.values.iter().map(|v| string_literal(v)).collect();
            let _ = writeln!(out, "export type {name} = {};", literals.join(" | "));
            unions.insert(column.name.clone(), name);
        }
    }
    let row = names.claim(format!("{base}Row"), || table.name.clone())?;
    let insert = names.claim(format!("{base}Insert"), || table.name.clone())?;
    if !unions.is_empty() {
        out.push('\n');
    }
    if let Some(comment) = &table.comment {
        let _ = writeln!(out, "/** {} */", doc_text(comment));
    }
    let _ = writeln!(out, "export interface {row} {{");
    for column in table.live_columns() {
        property(&mut out, column, options, &unions, false);
    }
    out.push_str("}\n\n");
    let _ = writeln!(
        out,
        "/** A row of `{}` to insert: columns the database fills in may be left out. */",
        doc_text(&table.name)
    );
    let _ = writeln!(out, "export interface {insert} {{");
    for column in table.live_columns() {
        property(&mut out, column, options, &unions, true);
    }
    out.push_str("}\n");
    Ok(out)
}

fn property(out: &mut String, column: &Column, options: &Options, unions: &BTreeMap<String, String>, insert: bool) {
    if let Some(comment) = &column.comment {
        let _ = writeln!(out, "  /** {} */", doc_text(comment));
    }
    let ty = unions
        .get(&column.name)
        .cloned()
        .unwrap_or_else(|| scalar(column.ty, options).to_string());
    let ty = if column.nullable { format!("{ty} | null") } else { ty };
    let optional = insert && (column.nullable || column.default.is_some() || column.ty.is_serial());
    let name = if options.camel_case {
        camel(&column.name)
    } else {
        column.name.clone()
    };
    let _ = writeln!(
        out,
        "  {}{}: {ty};",
        property_name(&name),
        if optional { "?" } else { "" }
    );
}

fn scalar(ty: ColumnType, options: &Options) -> String {
    match ty {
        ColumnType::Array(element) => format!("{}[]", wrapped(scalar(*element, options))),
        other => element(other, options).to_string(),
    }
}

/// `a | b` as an array element needs parentheses.
fn wrapped(ty: String) -> String {
    if ty.contains(' ') {
        format!("({ty})")
    } else {
        ty
    }
}

fn element(ty: ColumnType, options: &Options) -> &str {
    match ty {
        ColumnType::SmallInt | ColumnType::Integer | ColumnType::Serial | ColumnType::Real | ColumnType::Double => {
            "number"
        }
        ColumnType::BigInt | ColumnType::BigSerial => match options.bigint {
            BigIntAs::Number => "number",
            BigIntAs::String => "string",
            BigIntAs::BigInt => "bigint",
        },
        ColumnType::Boolean => "boolean",
        ColumnType::Text
        | ColumnType::Named(_)
        | ColumnType::Varchar(_)
        | ColumnType::Numeric(_)
        | ColumnType::Date
        | ColumnType::Time(_)
        | ColumnType::Timestamp(_)
        | ColumnType::Timestamptz(_)
        | ColumnType::Uuid
        | ColumnType::UnboundedVarchar
        | ColumnType::Char(_)
        // diesel reads and writes them as structs of their own; JSON APIs send their text.
        | ColumnType::Postgres(_) => "string",
        ColumnType::Json | ColumnType::Jsonb => &options.json_type,
        ColumnType::Binary => "number[]",
        ColumnType::Array(_) => unreachable!("arrays are handled by `scalar`"),
    }
}

/// The TypeScript names handed out so far, with what each names.
#[derive(Default)]
struct Names(BTreeMap<String, String>);

impl Names {
    fn claim(&mut self, name: String, what: impl Fn() -> String) -> Result<String, NameClash> {
        match self.0.get(&name) {
            Some(first) => Err(NameClash {
                name,
                first: first.clone(),
                second: what(),
            }),
            None => {
                self.0.insert(name.clone(), what());
                Ok(name)
            }
        }
    }
}

/// `storage_locations` → `StorageLocations`; a name starting with a digit gets a leading `T`.
fn pascal(name: &str) -> String {
    let mut out = String::new();
    for part in name.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if !out.starts_with(|c: char| c.is_alphabetic()) {
        out.insert(0, 'T');
    }
    out
}

/// `due_on` → `dueOn`, the way serde's `rename_all = "camelCase"` does it.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A property name: bare when it is an identifier, quoted otherwise.
fn property_name(name: &str) -> String {
    let identifier = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if identifier {
        name.to_string()
    } else {
        string_literal(name)
    }
}

/// A TypeScript string literal (JSON's escaping is valid TypeScript).
fn string_literal(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

/// Text inside a `/** */` comment: it must not close the comment.
fn doc_text(text: &str) -> String {
    text.replace("*/", "* /").replace(['\n', '\r'], " ")
}

//! Mermaid ER diagrams (`erDiagram`) of a schema or a part of it.
//!
//! Mermaid's grammar is narrower than SQL's names and types: an entity is a bare word or a quoted
//! string, and an attribute's type and name are words of letters, digits, `_`, `-`, `(`, `)`,
//! `[` and `]`. Anything else is replaced (a comma in `numeric(12,2)` becomes `-`), so every
//! schema gives a diagram Mermaid parses.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::model::{Column, ForeignKey, Table};

/// The diagram of `tables`. Tables they reference that are not among them appear as boxes
/// without attributes, so a group's diagram shows where it connects to the rest.
pub fn er_diagram(tables: &[&Table]) -> String {
    let mut out = String::from("erDiagram\n");
    let shown: BTreeSet<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    for table in tables {
        entity(&mut out, table);
    }
    let mut outside = BTreeSet::new();
    for table in tables {
        for fk in &table.foreign_keys {
            if !shown.contains(fk.references.table.as_str()) {
                outside.insert(fk.references.table.as_str());
            }
        }
    }
    for name in outside {
        let _ = writeln!(out, "    {}", entity_name(name));
    }
    for table in tables {
        for fk in &table.foreign_keys {
            relationship(&mut out, table, fk, tables);
        }
    }
    out
}

fn entity(out: &mut String, table: &Table) {
    let _ = writeln!(out, "    {} {{", entity_name(&table.name));
    for column in table.live_columns() {
        let keys = keys(table, column);
        let _ = write!(out, "        {} {}", word(&column.ty.to_string()), word(&column.name));
        if !keys.is_empty() {
            let _ = write!(out, " {}", keys.join(", "));
        }
        if let Some(comment) = &column.comment {
            let _ = write!(out, " \"{}\"", comment_text(comment));
        }
        out.push('\n');
    }
    out.push_str("    }\n");
}

fn keys(table: &Table, column: &Column) -> Vec<&'static str> {
    let has = |columns: &[String]| columns.contains(&column.name);
    let mut keys = Vec::new();
    if table.primary_key.as_ref().is_some_and(|pk| has(&pk.columns)) {
        keys.push("PK");
    }
    if table.foreign_keys.iter().any(|fk| has(&fk.columns)) {
        keys.push("FK");
    }
    let single_unique = |columns: &[String]| columns.len() == 1 && columns[0] == column.name;
    if table.uniques.iter().any(|u| single_unique(&u.columns))
        || table
            .indexes
            .iter()
            .any(|i| i.unique && i.predicate.is_none() && i.plain_columns().is_some_and(|c| single_unique(&c)))
    {
        keys.push("UK");
    }
    keys
}

/// `parent ||--o{ child`: the child's rows point at one parent row (or none, when the key
/// columns are nullable), and a parent has any number of children (at most one, when the key
/// columns are unique in the child). A key that is part of the child's primary key is drawn as
/// an identifying relationship (a solid line).
fn relationship(out: &mut String, child: &Table, fk: &ForeignKey, tables: &[&Table]) {
    let nullable = fk
        .columns
        .iter()
        .any(|c| child.column(c).is_some_and(|column| column.nullable));
    let parent_side = if nullable { "|o" } else { "||" };
    let child_side = if is_unique(child, &fk.columns) { "o|" } else { "o{" };
    let identifying = (child.primary_key.as_ref()).is_some_and(|pk| fk.columns.iter().all(|c| pk.columns.contains(c)));
    let line = if identifying { "--" } else { ".." };
    let parent = tables
        .iter()
        .find(|t| t.name == fk.references.table)
        .map_or(fk.references.table.as_str(), |t| t.name.as_str());
    let _ = writeln!(
        out,
        "    {} {parent_side}{line}{child_side} {} : \"{}\"",
        entity_name(parent),
        entity_name(&child.name),
        comment_text(&fk.columns.join(", "))
    );
}

fn is_unique(table: &Table, columns: &[String]) -> bool {
    let same = |other: &[String]| {
        let mut a: Vec<&String> = other.iter().collect();
        let mut b: Vec<&String> = columns.iter().collect();
        a.sort();
        b.sort();
        a == b
    };
    table.primary_key.as_ref().is_some_and(|pk| same(&pk.columns))
        || table.uniques.iter().any(|u| same(&u.columns))
        || table
            .indexes
            .iter()
            .any(|i| i.unique && i.predicate.is_none() && i.plain_columns().is_some_and(|c| same(&c)))
}

/// A bare word when the name is one, else a quoted string.
fn entity_name(name: &str) -> String {
    let bare = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        name.to_string()
    } else {
        format!("\"{}\"", comment_text(name))
    }
}

/// An attribute word: what Mermaid allows, anything else as `-`.
fn word(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_-()[]".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// Text inside double quotes: no quote and no line break can end it early.
fn comment_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '"' => '\'',
            '\n' | '\r' | '\t' => ' ',
            c => c,
        })
        .collect()
}

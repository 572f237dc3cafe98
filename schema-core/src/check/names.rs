//! Names: what characters they may use, how long they may be on the target, and that no two
//! objects share one.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{naming, Origin, Schema, Table};

/// Letters, digits and underscores, not starting with a digit: portable to all three databases
/// and usable as a Rust identifier in `table!`. Everything is still quoted when rendered.
pub fn is_valid_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Every name the table puts in the database, with what it names and whether the user wrote it.
fn named_objects(table: &Table) -> Vec<(String, &'static str, &Origin)> {
    let mut names = vec![(table.name.clone(), "table", &table.origin)];
    if table.lifecycle == crate::model::Lifecycle::Dropped {
        names.push((crate::model::backup_name(&table.name), "kept table", &table.origin));
    }
    for column in &table.columns {
        names.push((column.name.clone(), "column", &column.origin));
        if column.lifecycle == crate::model::Lifecycle::Dropped {
            names.push((crate::model::backup_name(&column.name), "kept column", &column.origin));
        }
    }
    if table.is_external() {
        return names;
    }
    for (name, origin) in table.constraint_names() {
        names.push((name.to_string(), "constraint", origin));
    }
    for index in &table.indexes {
        names.push((index.name.clone(), "index", &index.origin));
    }
    if let Some(tenant) = &table.tenant {
        names.push((tenant.policy.clone(), "policy", &table.origin));
    }
    if let Some(column) = table.set_on_update_column() {
        names.push((
            naming::update_trigger(&table.name, &column.name),
            "trigger",
            &column.origin,
        ));
        names.push((
            naming::update_trigger_function(&table.name, &column.name),
            "trigger function",
            &column.origin,
        ));
    }
    names
}

pub fn table(table: &Table, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    for (name, what, origin) in named_objects(table) {
        if !is_valid_identifier(&name) {
            found.push(
                Diagnostic::error("invalid-identifier", origin, format!("{what} name `{}` is not a plain identifier", name.escape_debug()))
                    .help("use letters, digits and underscores, starting with a letter or underscore (names are always quoted in SQL, but must also work as Rust identifiers in `table!`)"),
            );
            continue;
        }
        let Some(limit) = dialect.and_then(Dialect::max_identifier) else {
            continue;
        };
        if limit.exceeded_by(&name) {
            let dialect = dialect.expect("limit implies dialect");
            let consequence = match dialect {
                Dialect::Postgres => format!(
                    "; PostgreSQL would silently truncate it to `{}`",
                    truncate_bytes(&name, 63)
                ),
                _ => String::new(),
            };
            found.push(
                Diagnostic::error(
                    "identifier-too-long",
                    origin,
                    format!(
                        "{what} name `{name}` is {} bytes, over {dialect}'s limit of {limit}{consequence}",
                        name.len()
                    ),
                )
                .help(match what {
                    "constraint" | "index" | "policy" => "give it a shorter explicit `name`",
                    _ => "choose a shorter name",
                }),
            );
        }
    }

    let mut objects: HashMap<String, &'static str> = HashMap::new();
    for (name, what, origin) in named_objects(table).into_iter().filter(|(_, w, _)| *w != "column") {
        if let Some(first) = objects.insert(name.clone(), what) {
            found.push(
                Diagnostic::error(
                    "duplicate-name",
                    origin,
                    format!(
                        "{what} name `{name}` on `{}` is already used by a {first} of the same table",
                        table.name
                    ),
                )
                .help("give one of them another explicit `name`"),
            );
        }
    }

    let mut columns: HashMap<&str, &Origin> = HashMap::new();
    for column in &table.columns {
        if let Some(first) = columns.insert(&column.name, &column.origin) {
            found.push(
                Diagnostic::error(
                    "duplicate-column",
                    &column.origin,
                    format!("column `{}.{}` is declared twice", table.name, column.name),
                )
                .help(format!("the first declaration is at {first}")),
            );
        }
    }
}

fn truncate_bytes(name: &str, max: usize) -> &str {
    let mut end = max.min(name.len());
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// Names shared across the schema: tables, indexes and constraints. PostgreSQL keeps tables,
/// indexes and key constraints in one namespace, MySQL keeps foreign keys unique per database;
/// requiring every name to be unique is the rule that is safe on all three.
pub fn schema(schema: &Schema, found: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, (&'static str, String, &str)> = HashMap::new();
    for table in &schema.tables {
        let mut objects = named_objects(table);
        objects.retain(|(_, what, _)| *what != "column");
        for (name, what, origin) in objects {
            let owner = if what == "table" {
                String::new()
            } else {
                format!(" on `{}`", table.name)
            };
            if let Some((first_what, first_owner, first_table)) = seen.get(&name) {
                if *first_table == table.name && what != "table" {
                    continue; // reported by the table-local rule
                }
                let code = if what == "table" && *first_what == "table" {
                    "duplicate-table"
                } else {
                    "duplicate-name"
                };
                found.push(
                    Diagnostic::error(
                        code,
                        origin,
                        format!("{what} name `{name}`{owner} is already used by a {first_what}{first_owner}"),
                    )
                    .help("every table, index and constraint name must be unique in the schema; rename one of them"),
                );
            } else {
                seen.insert(name, (what, owner, &table.name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        for ok in ["lots", "_x", "Lot2", "a_b_c"] {
            assert!(is_valid_identifier(ok), "{ok}");
        }
        for bad in ["", "2x", "a-b", "a b", "lots\"; DROP TABLE x; --", "é"] {
            assert!(!is_valid_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        assert_eq!(truncate_bytes("aé", 2), "a");
        assert_eq!(truncate_bytes("abc", 63), "abc");
    }
}

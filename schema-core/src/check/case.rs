//! Names that differ only in case. PostgreSQL keeps quoted names as written, so `Code` and
//! `code` are two columns there; SQLite compares every name without case, and MySQL column and
//! index names likewise, so the second `CREATE` fails when the migration runs ("duplicate column
//! name", "already exists").

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{Origin, Schema, Table};

/// The columns of a table, and on MySQL its index names (a table's indexes share a namespace
/// there; on SQLite they share the schema's, see [`schema`]).
pub fn table(table: &Table, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    let Some(dialect @ (Dialect::Sqlite | Dialect::Mysql)) = dialect else {
        return;
    };
    let columns = table
        .columns
        .iter()
        .map(|c| (c.name.as_str(), "column", c.origin.key("name")));
    report(columns, dialect, found);
    if dialect == Dialect::Mysql {
        let indexes = table
            .uniques
            .iter()
            .map(|u| (u.name.as_str(), "unique constraint", u.origin.key("name")))
            .chain(
                table
                    .indexes
                    .iter()
                    .map(|i| (i.name.as_str(), "index", i.origin.key("name"))),
            );
        report(indexes, dialect, found);
    }
}

/// SQLite's schema-wide namespace: tables and indexes.
pub fn schema(schema: &Schema, dialect: Dialect, found: &mut Vec<Diagnostic>) {
    if dialect != Dialect::Sqlite {
        return;
    }
    let names = schema.tables.iter().flat_map(|table| {
        std::iter::once((table.name.as_str(), "table", table.origin.key("name"))).chain(
            table
                .indexes
                .iter()
                .map(|i| (i.name.as_str(), "index", i.origin.key("name"))),
        )
    });
    report(names, dialect, found);
}

/// One error for each name that equals an earlier one but for case (names equal in full are the
/// duplicate rules' to report).
fn report<'a>(
    names: impl Iterator<Item = (&'a str, &'static str, &'a Origin)>,
    dialect: Dialect,
    found: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<String, (&str, &str)> = HashMap::new();
    for (name, what, origin) in names {
        match seen.get(&name.to_lowercase()) {
            Some((first, first_what)) if *first != name => found.push(
                Diagnostic::error(
                    "names-differ-in-case",
                    origin,
                    format!(
                        "{what} name `{name}` differs from {first_what} `{first}` only in case, and {dialect} does not tell them apart: the migration would fail"
                    ),
                )
                .help("rename one of them (names that differ only in case are one name on SQLite, and for MySQL's columns and indexes)"),
            ),
            Some(_) => {}
            None => {
                seen.insert(name.to_lowercase(), (name, what));
            }
        }
    }
}

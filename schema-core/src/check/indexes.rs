//! Indexes and unique constraints: their columns exist, none duplicates another, none is made
//! redundant by another, and the target database can build them.

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{ColumnType, IndexMethod, Origin, Table};

pub fn check(table: &Table, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    let keys = keys(table);
    for key in &keys {
        // The primary key's columns are checked with the key itself (columns.rs).
        let columns = if key.what == "primary key" {
            &[][..]
        } else {
            key.columns
        };
        for column in columns {
            if table.column(column).is_none() {
                found.push(
                    Diagnostic::error(
                        "unknown-column",
                        key.origin.key("columns"),
                        format!(
                            "{} `{}` names unknown column `{}.{column}`",
                            key.what, key.name, table.name
                        ),
                    )
                    .help(format!(
                        "columns are: {}",
                        table
                            .columns
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            }
        }
        if let Some(dialect) = dialect {
            supported(table, key, dialect, found);
        }
    }

    for (i, key) in keys.iter().enumerate() {
        // Against the first it duplicates only: n copies are n - 1 mistakes, not n² / 2.
        if let Some(earlier) = keys[..i].iter().find(|earlier| key.same_as(earlier)) {
            {
                found.push(
                    Diagnostic::error(
                        "duplicate-index",
                        key.origin,
                        format!(
                            "{} `{}` duplicates {} `{}` on `{}`",
                            key.what, key.name, earlier.what, earlier.name, table.name
                        ),
                    )
                    .help("remove one of them: the database would maintain two identical indexes")
                    .about(&table.name, key.name),
                );
            }
        }
    }
    for key in keys
        .iter()
        .filter(|k| k.what == "index" && !k.unique && k.method == IndexMethod::Btree)
    {
        let covering = keys.iter().find(|other| {
            !std::ptr::eq(*other, key)
                && other.method == IndexMethod::Btree
                && other.predicate == key.predicate
                && other.columns.len() > key.columns.len()
                && other.columns.starts_with(key.columns)
        });
        if let Some(other) = covering {
            found.push(
                Diagnostic::warning(
                    "redundant-index",
                    key.origin,
                    format!(
                        "index `{}` on `{}` is a prefix of {} `{}`, which already serves its queries",
                        key.name, table.name, other.what, other.name
                    ),
                )
                .help(
                    "drop it to save write work and space, unless measurements show the narrower index pays for itself",
                )
                .about(&table.name, key.name),
            );
        }
    }
}

struct Key<'t> {
    what: &'static str,
    name: &'t str,
    columns: &'t [String],
    unique: bool,
    method: IndexMethod,
    predicate: Option<&'t str>,
    origin: &'t Origin,
}

impl Key<'_> {
    fn same_as(&self, other: &Key) -> bool {
        self.columns == other.columns
            && self.method == other.method
            && self.predicate == other.predicate
            && (self.unique == other.unique || self.what != "index" || other.what != "index")
    }
}

fn keys(table: &Table) -> Vec<Key<'_>> {
    let mut keys = Vec::new();
    if let Some(pk) = &table.primary_key {
        keys.push(Key {
            what: "primary key",
            name: &pk.name,
            columns: &pk.columns,
            unique: true,
            method: IndexMethod::Btree,
            predicate: None,
            origin: table.origin.key("primary_key"),
        });
    }
    for u in &table.uniques {
        keys.push(Key {
            what: "unique constraint",
            name: &u.name,
            columns: &u.columns,
            unique: true,
            method: IndexMethod::Btree,
            predicate: None,
            origin: &u.origin,
        });
    }
    for i in &table.indexes {
        keys.push(Key {
            what: "index",
            name: &i.name,
            columns: &i.columns,
            unique: i.unique,
            method: i.method,
            predicate: i.predicate.as_ref().map(|p| p.as_str()),
            origin: &i.origin,
        });
    }
    keys
}

fn supported(table: &Table, key: &Key, dialect: Dialect, found: &mut Vec<Diagnostic>) {
    if key.predicate.is_some() && !dialect.has_partial_indexes() {
        found.push(
            Diagnostic::error(
                "unsupported-feature",
                key.origin.key("predicate"),
                format!("index `{}` is partial, and {dialect} has no partial indexes", key.name),
            )
            .help("drop the predicate (index every row), or target postgres or sqlite"),
        );
    }
    if !key.method.is_available_on(dialect) {
        found.push(
            Diagnostic::error(
                "unsupported-feature",
                key.origin.key("method"),
                format!(
                    "index `{}` uses {}, which {dialect} does not have",
                    key.name,
                    key.method.name()
                ),
            )
            .help("use btree (the default), or target postgres"),
        );
    }
    if key.method == IndexMethod::Gin && dialect == Dialect::Postgres {
        for column in key
            .columns
            .iter()
            .filter_map(|c| table.column(c))
            .filter(|c| super::type_known(c))
        {
            if column.ty != ColumnType::Jsonb && !column.native_types.contains_key(&dialect) {
                found.push(
                    Diagnostic::error(
                        "unsupported-feature",
                        key.origin,
                        format!(
                            "GIN index `{}` on `{}.{}` of type {}: PostgreSQL has no default GIN operator class for it",
                            key.name, table.name, column.name, column.ty
                        ),
                    )
                    .help("GIN indexes jsonb (or arrays and full-text types via native_type); use btree here"),
                );
            }
        }
    }
    if dialect == Dialect::Mysql {
        for column in key
            .columns
            .iter()
            .filter_map(|c| table.column(c))
            .filter(|c| super::type_known(c))
        {
            let unindexable = matches!(
                column.ty,
                ColumnType::Text | ColumnType::Json | ColumnType::Jsonb | ColumnType::Binary
            );
            if unindexable && !column.native_types.contains_key(&dialect) {
                found.push(
                    Diagnostic::error(
                        "unsupported-feature",
                        key.origin,
                        format!(
                            "{} `{}` covers `{}.{}` of type {}, which MySQL cannot index without a prefix length",
                            key.what, key.name, table.name, column.name, column.ty
                        ),
                    )
                    .help(key.origin.pick(
                        "use `varchar(n)` for indexed text",
                        "use `max_length = n` (a varchar) for indexed text",
                    )),
                );
            }
        }
    }
}

//! Indexes and unique constraints: their columns exist, none duplicates another, none is made
//! redundant by another, and the target database can build them.

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{ColumnType, IndexKey, IndexMethod, Origin, PgType, Table};

pub fn check(table: &Table, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    let keys = keys(table);
    for key in &keys {
        // The primary key's columns are checked with the key itself (columns.rs).
        let columns = if key.what == "primary key" {
            Vec::new()
        } else {
            key.column_names()
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
                && other.keys.len() > key.keys.len()
                && other.keys.starts_with(&key.keys)
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
    keys: Vec<IndexKey>,
    unique: bool,
    method: IndexMethod,
    predicate: Option<&'t str>,
    origin: &'t Origin,
}

impl Key<'_> {
    fn same_as(&self, other: &Key) -> bool {
        self.keys == other.keys
            && self.method == other.method
            && self.predicate == other.predicate
            && (self.unique == other.unique || self.what != "index" || other.what != "index")
    }

    /// The columns of its column keys (what an expression reads is the database's to check).
    fn column_names(&self) -> Vec<&str> {
        self.keys.iter().filter_map(|k| k.column_name()).collect()
    }
}

fn plain(columns: &[String]) -> Vec<IndexKey> {
    columns.iter().map(IndexKey::column).collect()
}

fn keys(table: &Table) -> Vec<Key<'_>> {
    let mut keys = Vec::new();
    if let Some(pk) = &table.primary_key {
        keys.push(Key {
            what: "primary key",
            name: &pk.name,
            keys: plain(&pk.columns),
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
            keys: plain(&u.columns),
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
            keys: i.columns.clone(),
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
    key_options(key, dialect, found);
    postgres_storage(table, key, dialect, found);
    if key.method == IndexMethod::Gin && dialect == Dialect::Postgres {
        // A key with an operator class names how it is indexed (`gin_trgm_ops`).
        let with_opclass: Vec<&str> = key
            .keys
            .iter()
            .filter(|k| k.opclass.is_some())
            .filter_map(|k| k.column_name())
            .collect();
        for column in key
            .column_names()
            .into_iter()
            .filter(|c| !with_opclass.contains(c))
            .filter_map(|c| table.column(c))
            .filter(|c| super::type_known(c))
        {
            // The types with a default GIN operator class: jsonb, arrays, full-text documents.
            let has_default_opclass = matches!(
                column.ty,
                ColumnType::Jsonb | ColumnType::Array(_) | ColumnType::Postgres(PgType::TsVector)
            );
            if !has_default_opclass && !column.native_types.contains_key(&dialect) {
                found.push(
                    Diagnostic::error(
                        "unsupported-feature",
                        key.origin,
                        format!(
                            "GIN index `{}` on `{}.{}` of type {}: PostgreSQL has no default GIN operator class for it",
                            key.name, table.name, column.name, column.ty
                        ),
                    )
                    .help("GIN indexes jsonb, arrays and tsvector (other types with an operator class: `opclass:`); use btree here"),
                );
            }
        }
    }
    if dialect == Dialect::Mysql {
        for column in key
            .column_names()
            .into_iter()
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

/// What each database builds of a key's options: expressions (not MySQL's dialect, which MariaDB
/// shares), `DESC` (everywhere, on a B-tree), `NULLS FIRST|LAST` and operator classes (PostgreSQL).
fn key_options(key: &Key, dialect: Dialect, found: &mut Vec<Diagnostic>) {
    let refuse = |found: &mut Vec<Diagnostic>, message: String, help: &str| {
        found.push(Diagnostic::error("unsupported-feature", key.origin.key("columns"), message).help(help));
    };
    for index_key in &key.keys {
        if let (Some(expr), Dialect::Mysql) = (index_key.expression_text(), dialect) {
            refuse(
                found,
                format!(
                    "index `{}` has the expression key `{expr}`: MariaDB has no expression keys, and MySQL only from 8.0.13",
                    key.name
                ),
                "add a generated column that holds the expression and index that column, or target postgres or sqlite",
            );
        }
        if let (Some(opclass), false) = (&index_key.opclass, dialect == Dialect::Postgres) {
            refuse(
                found,
                format!(
                    "index `{}` gives the key `{}` the operator class `{opclass}`: operator classes are PostgreSQL's, {dialect} has none",
                    key.name,
                    index_key.name_part()
                ),
                "remove `opclass`, or target postgres",
            );
        }
        if index_key.nulls.is_some() && dialect != Dialect::Postgres {
            refuse(
                found,
                format!(
                    "index `{}` places nulls in `{index_key}`: {dialect} indexes take no NULLS FIRST or NULLS LAST",
                    key.name
                ),
                "remove `nulls` (SQLite and MySQL sort nulls first ascending, last descending), or target postgres",
            );
        }
        let ordered = index_key.descending || index_key.nulls.is_some();
        if ordered && key.method != IndexMethod::Btree && dialect == Dialect::Postgres {
            refuse(
                found,
                format!(
                    "index `{}` orders `{index_key}`, and a {} index keeps no order",
                    key.name,
                    key.method.name()
                ),
                "remove `order` and `nulls`, or use a btree index",
            );
        }
    }
}

/// `INCLUDE` columns and storage parameters: PostgreSQL's, and `INCLUDE` only in the kinds of
/// index that store it.
fn postgres_storage(table: &Table, key: &Key, dialect: Dialect, found: &mut Vec<Diagnostic>) {
    let Some(index) = table.indexes.iter().find(|i| key.what == "index" && i.name == key.name) else {
        return;
    };
    for column in index.include.iter().filter(|c| table.column(c).is_none()) {
        found.push(Diagnostic::error(
            "unknown-column",
            key.origin.key("include"),
            format!("index `{}` includes unknown column `{}.{column}`", key.name, table.name),
        ));
    }
    if !index.include.is_empty() && dialect != Dialect::Postgres {
        found.push(
            Diagnostic::error(
                "unsupported-feature",
                key.origin.key("include"),
                format!("index `{}` includes columns, and {dialect} has no INCLUDE", key.name),
            )
            .help("make them keys (add them to `columns`), or target postgres"),
        );
    } else if !index.include.is_empty() && !index.method.has_include() {
        found.push(
            Diagnostic::error(
                "unsupported-feature",
                key.origin.key("include"),
                format!(
                    "index `{}` includes columns, and a {} index stores none",
                    key.name,
                    index.method.name()
                ),
            )
            .help("use btree, gist or spgist, or drop `include`"),
        );
    }
    if !index.with.is_empty() && dialect != Dialect::Postgres {
        found.push(
            Diagnostic::error(
                "unsupported-feature",
                key.origin.key("with"),
                format!(
                    "index `{}` sets storage parameters, which {dialect} does not have",
                    key.name
                ),
            )
            .help("remove `with`, or target postgres"),
        );
    }
}

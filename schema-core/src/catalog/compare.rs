//! Drift: the live database's catalog against the catalog of the same schema built from nothing
//! in a scratch space of the same database ([`super::build_sql`]). Both were printed by the
//! database, so each fact is compared as it is, by name: a difference is always real, and each
//! is reported once, naming its object.

mod comments;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Display;

use super::{is_bookkeeping_table, Catalog, CatalogColumn, CatalogForeignKey, CatalogIndex, CatalogTable, Drift};
use crate::dialect::Dialect;
use crate::model::{backup_name, narrowing_backup_name, Lifecycle, Narrowing, Schema, Table};

/// Every way `live` differs from `expected`, the catalog of `schema` built from nothing on the
/// same database. Owned tables must match in full; external tables only need their declared
/// columns with the same types; what a drop or a narrowing keeps must be there; and tables the
/// schema does not know are reported too.
pub fn drift(schema: &Schema, expected: &Catalog, live: &Catalog, dialect: Dialect) -> Vec<Drift> {
    let mut found = Vec::new();
    for table in &schema.tables {
        let mut out = Out {
            table: &table.name,
            found: &mut found,
        };
        match table.lifecycle {
            Lifecycle::Live => {}
            Lifecycle::Dropped => {
                let backup = backup_name(&table.name);
                if !live.tables.contains_key(&backup) {
                    out.push("table", format!("dropped table is not kept as `{backup}`"));
                }
                if live.tables.contains_key(&table.name) {
                    out.push("table", "table is dropped in the schema but still in the database");
                }
                continue;
            }
            Lifecycle::Purged => {
                if live.tables.contains_key(&table.name) || live.tables.contains_key(&backup_name(&table.name)) {
                    out.push("table", "table is purged in the schema but still in the database");
                }
                continue;
            }
        }
        let Some(found_table) = live.tables.get(&table.name) else {
            out.push("table", "table is missing");
            continue;
        };
        let Some(built) = expected.tables.get(&table.name) else {
            continue;
        };
        columns(table, built, found_table, &mut out);
        if table.is_external() {
            continue;
        }
        let (built, found_table) = if dialect == Dialect::Sqlite {
            (&sqlite_uniques(table, built), &sqlite_uniques(table, found_table))
        } else {
            (built, found_table)
        };
        keys(built, found_table, &mut out);
        foreign_keys(built, found_table, &mut out);
        indexes(built, found_table, &mut out);
        triggers(built, found_table, &mut out);
        security(built, found_table, &mut out);
        comments::constraint_comments(built, found_table, &mut out);
        named(
            &mut out,
            "exclusion",
            &built.exclusions,
            &found_table.exclusions,
            |out, name, b, f| {
                if b != f {
                    out.push(
                        format!("exclusion {name}"),
                        format!("exclusion constraint `{name}` is `{f}` in the database, `{b}` in the schema"),
                    );
                }
            },
        );
        if built.comment != found_table.comment {
            out.push(
                "table",
                format!(
                    "table comment is {:?} in the database, {:?} in the schema",
                    found_table.comment, built.comment
                ),
            );
        }
    }
    let kept = kept_tables(schema);
    for name in live
        .tables
        .keys()
        .filter(|n| !is_bookkeeping_table(n) && !kept.contains(*n))
    {
        if schema.table(name).is_none() {
            found.push(Drift {
                table: name.clone(),
                object: "table".into(),
                message: "table exists in the database but not in the schema".into(),
            });
        }
    }
    if dialect == Dialect::Postgres {
        let mut out = Out {
            table: "(schema)",
            found: &mut found,
        };
        // A function declared `external` is someone else's: whatever it is, it is not drift.
        let external = |functions: &BTreeMap<String, super::CatalogFunction>| {
            let mut functions = functions.clone();
            functions.retain(|_, f| !schema.functions.iter().any(|d| d.external && d.name == f.name));
            functions
        };
        named(
            &mut out,
            "function",
            &external(&expected.functions),
            &external(&live.functions),
            |out, name, built, found| {
                let (b, f) = (built.definition(), found.definition());
                if b != f {
                    out.push(
                        format!("function {name}"),
                        format!("function `{name}` is defined differently in the database:\n{f}\nthe schema's:\n{b}"),
                    );
                } else if built.comment != found.comment {
                    out.push(
                        format!("function {name}"),
                        format!(
                            "function `{name}` comment is {:?} in the database, {:?} in the schema",
                            found.comment, built.comment
                        ),
                    );
                }
            },
        );
        super::compare_types::types(schema, expected, live, &mut out);
        super::compare_composites::composites(expected, live, &mut out);
    }
    let mut out = Out {
        table: "(schema)",
        found: &mut found,
    };
    super::compare_views::views(expected, live, &mut out);
    found.sort();
    found
}

/// What a drop or a narrowing keeps: there on a database migrated through it, absent on one
/// built straight from the schema; either is right.
fn kept_tables(schema: &Schema) -> BTreeSet<String> {
    let dropped = schema
        .tables
        .iter()
        .filter(|t| t.lifecycle == Lifecycle::Dropped)
        .map(|t| backup_name(&t.name));
    let narrowed = schema.owned_tables().filter(|t| t.is_live()).flat_map(|t| {
        t.columns
            .iter()
            .filter(|c| c.narrowing == Some(Narrowing::Allowed))
            .map(|c| narrowing_backup_name(&t.name, &c.name))
    });
    dropped.chain(narrowed).collect()
}

/// SQLite keeps no unique constraints by name: Tablewright writes them as named unique indexes
/// (which it can drop), older migrations and other tools as `UNIQUE` in the table (which SQLite
/// names `sqlite_autoindex_...`). Both are the same fact: compare them by their columns.
fn sqlite_uniques(table: &Table, catalog: &CatalogTable) -> CatalogTable {
    let mut catalog = catalog.clone();
    for unique in &table.uniques {
        if catalog
            .indexes
            .get(&unique.name)
            .is_some_and(|i| i.unique && !i.is_partial())
        {
            let index = catalog.indexes.remove(&unique.name).expect("found above");
            catalog.uniques.insert(unique.name.clone(), index.columns);
        }
    }
    catalog.uniques = std::mem::take(&mut catalog.uniques)
        .into_values()
        .map(|columns| (format!("({})", columns.join(", ")), columns))
        .collect();
    catalog
}

pub(super) struct Out<'a> {
    table: &'a str,
    found: &'a mut Vec<Drift>,
}

impl Out<'_> {
    pub(super) fn push(&mut self, object: impl Into<String>, message: impl Into<String>) {
        self.found.push(Drift {
            table: self.table.to_string(),
            object: object.into(),
            message: message.into(),
        });
    }
}

/// `"x"` or `none`, for messages.
pub(super) fn shown<T: Display>(value: &Option<T>) -> String {
    match value {
        Some(v) => format!("{v}"),
        None => "none".into(),
    }
}

fn same<T: Display + PartialEq>(out: &mut Out, object: &str, what: &str, built: &Option<T>, found: &Option<T>) {
    if built != found {
        out.push(
            object,
            format!(
                "{what} is {} in the database, {} in the schema",
                shown(found),
                shown(built)
            ),
        );
    }
}

/// Compares two maps by name: each name only on one side is reported as missing or extra, and
/// `compare` sees the names on both.
pub(super) fn named<T>(
    out: &mut Out,
    kind: &str,
    built: &BTreeMap<String, T>,
    found: &BTreeMap<String, T>,
    mut compare: impl FnMut(&mut Out, &str, &T, &T),
) {
    for (name, b) in built {
        match found.get(name) {
            None => out.push(format!("{kind} {name}"), format!("{kind} `{name}` is missing")),
            Some(f) => compare(out, name, b, f),
        }
    }
    for name in found.keys().filter(|n| !built.contains_key(*n)) {
        out.push(
            format!("{kind} {name}"),
            format!("{kind} `{name}` exists in the database but not in the schema"),
        );
    }
}

fn columns(table: &Table, built: &CatalogTable, live: &CatalogTable, out: &mut Out) {
    for column in &table.columns {
        let object = format!("column {}", column.name);
        let exists = |name: &str| live.columns.iter().find(|c| c.name == name);
        match column.lifecycle {
            Lifecycle::Live => {}
            Lifecycle::Dropped => {
                let backup = backup_name(&column.name);
                match exists(&backup) {
                    None => out.push(
                        &object,
                        format!("dropped column `{}` is not kept as `{backup}`", column.name),
                    ),
                    Some(found) if !found.nullable => {
                        out.push(&object, format!("dropped column `{backup}` is still NOT NULL"))
                    }
                    Some(_) => {}
                }
                if exists(&column.name).is_some() {
                    out.push(
                        &object,
                        format!(
                            "column `{}` is dropped in the schema but still in the database",
                            column.name
                        ),
                    );
                }
                continue;
            }
            Lifecycle::Purged => {
                if exists(&column.name).is_some() || exists(&backup_name(&column.name)).is_some() {
                    out.push(
                        &object,
                        format!(
                            "column `{}` is purged in the schema but still in the database",
                            column.name
                        ),
                    );
                }
                continue;
            }
        }
        let Some(found) = exists(&column.name) else {
            out.push(&object, format!("column `{}` is missing", column.name));
            continue;
        };
        let Some(expected) = built.columns.iter().find(|c| c.name == column.name) else {
            continue;
        };
        if found.data_type != expected.data_type {
            out.push(
                &object,
                format!(
                    "column `{}` is {} in the database, {} in the schema",
                    column.name, found.data_type, expected.data_type
                ),
            );
        }
        if table.is_external() {
            continue;
        }
        column_facts(&column.name, expected, found, out);
    }
    if table.is_external() {
        return;
    }
    let kept: Vec<String> = table
        .columns
        .iter()
        .filter(|c| c.lifecycle == Lifecycle::Dropped)
        .map(|c| backup_name(&c.name))
        .collect();
    for found in live.columns.iter().filter(|c| !kept.contains(&c.name)) {
        if table.column(&found.name).is_none() {
            out.push(
                format!("column {}", found.name),
                format!("column `{}` exists in the database but not in the schema", found.name),
            );
        }
    }
}

/// How a column's values are generated, for comparing serial with identity as one fact.
fn generation(column: &CatalogColumn) -> String {
    match (&column.identity, column.auto_increment) {
        (Some(kind), _) => format!("an identity column (GENERATED {kind})"),
        (None, true) => "auto-incrementing (serial: a sequence default)".into(),
        (None, false) => "not generated".into(),
    }
}

/// The sequence behind an identity or serial column: its name, then its options (PostgreSQL).
fn sequence(name: &str, expected: &CatalogColumn, found: &CatalogColumn, out: &mut Out) {
    let object = format!("column {name}");
    match (&expected.sequence, &found.sequence) {
        (Some(b), Some(f)) if b.name != f.name => out.push(
            &object,
            format!(
                "column `{name}` takes its values from sequence `{}` in the database, `{}` in the schema",
                f.name, b.name
            ),
        ),
        (Some(b), Some(f)) if b.options() != f.options() => out.push(
            &object,
            format!(
                "column `{name}`: sequence `{}` is {} in the database, {} in the schema",
                f.name,
                f.options(),
                b.options()
            ),
        ),
        (Some(b), None) => out.push(
            &object,
            format!(
                "column `{name}` owns no sequence in the database, `{}` in the schema",
                b.name
            ),
        ),
        (None, Some(f)) => out.push(
            &object,
            format!(
                "column `{name}` owns sequence `{}` in the database, none in the schema",
                f.name
            ),
        ),
        _ => {}
    }
}

fn column_facts(name: &str, expected: &CatalogColumn, found: &CatalogColumn, out: &mut Out) {
    let object = format!("column {name}");
    if found.nullable != expected.nullable {
        let say = |n: bool| if n { "nullable" } else { "NOT NULL" };
        out.push(
            &object,
            format!(
                "column `{name}` is {} in the database, {} in the schema",
                say(found.nullable),
                say(expected.nullable)
            ),
        );
    }
    let (built_generation, found_generation) = (generation(expected), generation(found));
    if built_generation != found_generation {
        // One change (serial to identity drops the sequence default too), one report.
        out.push(
            &object,
            format!("column `{name}` is {found_generation} in the database, {built_generation} in the schema"),
        );
    } else if expected.auto_increment && expected.identity.is_none() && expected.sequence.is_some() {
        // A sequence default reads its sequence: compared by the sequence's name below.
        sequence(name, expected, found, out);
    } else {
        same(
            out,
            &object,
            &format!("column `{name}` default"),
            &expected.default,
            &found.default,
        );
        sequence(name, expected, found, out);
    }
    if found.generated != expected.generated {
        let say = |g: &Option<(String, String)>| match g {
            Some((expr, kind)) => format!("GENERATED ALWAYS AS ({expr}) {kind}"),
            None => "not a generated column".into(),
        };
        out.push(
            &object,
            format!(
                "column `{name}` is {} in the database, {} in the schema",
                say(&found.generated),
                say(&expected.generated)
            ),
        );
    }
    if found.on_update_now != expected.on_update_now {
        out.push(
            &object,
            format!(
                "column `{name}`: ON UPDATE CURRENT_TIMESTAMP is {} in the database, {} in the schema",
                found.on_update_now, expected.on_update_now
            ),
        );
    }
    if found.comment != expected.comment {
        out.push(
            &object,
            format!(
                "column `{name}` comment is {:?} in the database, {:?} in the schema",
                found.comment, expected.comment
            ),
        );
    }
}

fn keys(built: &CatalogTable, live: &CatalogTable, out: &mut Out) {
    if live.primary_key != built.primary_key {
        out.push(
            "primary key",
            format!(
                "primary key is ({}) in the database, ({}) in the schema",
                live.primary_key.join(", "),
                built.primary_key.join(", ")
            ),
        );
    } else {
        same(
            out,
            "primary key",
            "primary key name",
            &built.primary_key_name,
            &live.primary_key_name,
        );
    }
    named(
        out,
        "unique constraint",
        &built.uniques,
        &live.uniques,
        |out, name, b, f| {
            if b != f {
                out.push(
                    format!("unique constraint {name}"),
                    format!(
                        "unique constraint `{name}` is ({}) in the database, ({}) in the schema",
                        f.join(", "),
                        b.join(", ")
                    ),
                );
                return;
            }
            let timing = |t: &CatalogTable| {
                t.deferrable_uniques
                    .get(name)
                    .map_or("NOT DEFERRABLE", String::as_str)
                    .to_string()
            };
            let (b, f) = (timing(built), timing(live));
            if b != f {
                out.push(
                    format!("unique constraint {name}"),
                    format!("unique constraint `{name}` is {f} in the database, {b} in the schema"),
                );
            }
        },
    );
    named(out, "check", &built.checks, &live.checks, |out, name, b, f| {
        if b != f {
            out.push(
                format!("check {name}"),
                format!("check `{name}` is `{f}` in the database, `{b}` in the schema"),
            );
        }
    });
}

fn describe_foreign_key(fk: &CatalogForeignKey) -> String {
    format!(
        "({}) REFERENCES {} ({}) ON DELETE {} ON UPDATE {} {}{}",
        fk.columns.join(", "),
        fk.references_table,
        fk.references_columns.join(", "),
        fk.on_delete,
        fk.on_update,
        fk.deferrable,
        if fk.validated { "" } else { " NOT VALID" }
    )
}

/// By name, where the database keeps names; SQLite keys written without one by their columns.
fn foreign_keys(built: &CatalogTable, live: &CatalogTable, out: &mut Out) {
    let key = |fk: &CatalogForeignKey| {
        if fk.name.is_empty() {
            format!("({}) → {}", fk.columns.join(", "), fk.references_table)
        } else {
            fk.name.clone()
        }
    };
    let by_key = |table: &CatalogTable| -> BTreeMap<String, CatalogForeignKey> {
        table.foreign_keys.iter().map(|fk| (key(fk), fk.clone())).collect()
    };
    named(out, "foreign key", &by_key(built), &by_key(live), |out, name, b, f| {
        let (b, f) = (describe_foreign_key(b), describe_foreign_key(f));
        if b != f {
            out.push(
                format!("foreign key {name}"),
                format!("foreign key `{name}` is {f} in the database, {b} in the schema"),
            );
        }
    });
}

fn describe_index(index: &CatalogIndex) -> String {
    format!("{}{}", if index.unique { "UNIQUE " } else { "" }, index.definition)
}

fn indexes(built: &CatalogTable, live: &CatalogTable, out: &mut Out) {
    named(out, "index", &built.indexes, &live.indexes, |out, name, b, f| {
        let (b, f) = (describe_index(b), describe_index(f));
        if b != f {
            out.push(
                format!("index {name}"),
                format!("index `{name}` is {f} in the database, {b} in the schema"),
            );
        }
    });
}

fn triggers(built: &CatalogTable, live: &CatalogTable, out: &mut Out) {
    named(out, "trigger", &built.triggers, &live.triggers, |out, name, b, f| {
        if b != f {
            out.push(
                format!("trigger {name}"),
                format!("trigger `{name}` is `{f}` in the database, `{b}` in the schema"),
            );
            return;
        }
        // Its state and comment (PostgreSQL), which the definition does not show.
        let (Some(b), Some(f)) = (built.trigger_parts.get(name), live.trigger_parts.get(name)) else {
            return;
        };
        if b.enabled != f.enabled {
            out.push(
                format!("trigger {name}"),
                format!(
                    "trigger `{name}` is {} in the database, {} in the schema",
                    f.enabled_words(),
                    b.enabled_words()
                ),
            );
        } else if b.comment != f.comment {
            out.push(
                format!("trigger {name}"),
                format!(
                    "trigger `{name}` comment is {:?} in the database, {:?} in the schema",
                    f.comment, b.comment
                ),
            );
        }
    });
}

fn security(built: &CatalogTable, live: &CatalogTable, out: &mut Out) {
    let say = |enabled: bool, forced: bool| match (enabled, forced) {
        (true, true) => "enabled and forced",
        (true, false) => "enabled, not forced",
        (false, true) => "disabled (forced)",
        (false, false) => "disabled",
    };
    let (b, f) = (
        say(built.row_level_security, built.force_row_level_security),
        say(live.row_level_security, live.force_row_level_security),
    );
    if b != f {
        out.push(
            "row-level security",
            format!("row-level security is {f} in the database, {b} in the schema"),
        );
    }
    named(out, "policy", &built.policies, &live.policies, |out, name, b, f| {
        let show = |p: &super::CatalogPolicy| {
            format!(
                "{} FOR {} TO {} USING ({}) WITH CHECK ({})",
                p.permissive,
                p.command,
                p.roles,
                shown(&p.using),
                shown(&p.with_check)
            )
        };
        if b != f {
            out.push(
                format!("policy {name}"),
                format!(
                    "policy `{name}` is {} in the database, {} in the schema",
                    show(f),
                    show(b)
                ),
            );
        }
    });
}

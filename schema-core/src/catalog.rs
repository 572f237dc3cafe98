//! What a live database contains, in a shape that can be compared with the model.
//!
//! Introspection (in the `tablewright` crate, one module per database) fills a [`Catalog`];
//! [`drift`] lists every way it differs from what the model says the database should hold. Tests
//! use it to prove generated migrations produce the modelled schema, and the CLI to report drift.
//! The catalog's types are the runtime's (`tablewright-runtime-core`), re-exported here; the
//! runtime checks shared tables with the contract [`crate::shared_tables`] writes.

use std::collections::BTreeSet;

pub use tablewright_runtime_core::catalog::{
    is_bookkeeping_table, normalize_type, Catalog, CatalogColumn, CatalogForeignKey, CatalogIndex, CatalogPolicy,
    CatalogTable, Drift,
};

use crate::dialect::Dialect;
use crate::model::{backup_name, naming, Column, ColumnType, FkAction, IndexMethod, Lifecycle, Schema, Table};

/// Every way `catalog` differs from `schema` on `dialect`. External tables are only required to
/// have the declared columns with compatible types; owned tables must match in full, and tables
/// the model does not know are reported too.
pub fn drift(schema: &Schema, catalog: &Catalog, dialect: Dialect) -> Vec<Drift> {
    let mut found = Vec::new();
    for table in &schema.tables {
        let mut push = |message: String| {
            found.push(Drift {
                table: table.name.clone(),
                message,
            })
        };
        match table.lifecycle {
            Lifecycle::Live => {}
            Lifecycle::Dropped => {
                if !catalog.tables.contains_key(&backup_name(&table.name)) {
                    push(format!("dropped table is not kept as `{}`", backup_name(&table.name)));
                }
                if catalog.tables.contains_key(&table.name) {
                    push("table is dropped in the schema but still in the database".into());
                }
                continue;
            }
            Lifecycle::Purged => {
                if catalog.tables.contains_key(&table.name) || catalog.tables.contains_key(&backup_name(&table.name)) {
                    push("table is purged in the schema but still in the database".into());
                }
                continue;
            }
        }
        let Some(live) = catalog.tables.get(&table.name) else {
            push("table is missing".into());
            continue;
        };
        columns(table, live, dialect, &mut push);
        if table.is_external() {
            continue;
        }
        let live = &unique_indexes_as_constraints(table, live, dialect);
        keys(table, live, dialect, &mut push);
        indexes(table, live, dialect, &mut push);
        extras(table, live, catalog, dialect, &mut push);
    }
    let narrowed: Vec<String> = schema
        .owned_tables()
        .filter(|t| t.lifecycle.is_live())
        .flat_map(|t| {
            t.columns
                .iter()
                .filter(|c| c.narrowing == Some(crate::model::Narrowing::Allowed))
                .map(|c| crate::model::narrowing_backup_name(&t.name, &c.name))
        })
        .collect();
    // Kept values may be there (a database migrated through the narrowing) or not (one built
    // straight from the schema).
    let kept: Vec<String> = schema
        .tables
        .iter()
        .filter(|t| t.lifecycle == Lifecycle::Dropped)
        .map(|t| backup_name(&t.name))
        .chain(narrowed)
        .collect();
    for name in catalog
        .tables
        .keys()
        .filter(|n| !is_bookkeeping_table(n) && !kept.contains(n))
    {
        if schema.table(name).is_none() {
            found.push(Drift {
                table: name.clone(),
                message: "table exists in the database but not in the schema".into(),
            });
        }
    }
    let expected_functions: BTreeSet<String> = schema
        .owned_tables()
        .filter_map(|t| {
            Some(naming::update_trigger_function(
                &t.name,
                &t.set_on_update_column()?.name,
            ))
        })
        .filter(|_| dialect == Dialect::Postgres)
        .collect();
    for function in catalog.functions.difference(&expected_functions) {
        found.push(Drift {
            table: "(schema)".into(),
            message: format!("function `{function}` exists but the schema needs no such function"),
        });
    }
    found.sort();
    found
}

/// SQLite adds unique constraints to existing tables as unique indexes (it has no ALTER TABLE
/// ADD CONSTRAINT); count those as the constraints they stand for. MySQL lists every unique index
/// among the UNIQUE constraints (it makes no difference between them); count the ones the model
/// declares as unique indexes as those indexes.
fn unique_indexes_as_constraints(table: &Table, live: &CatalogTable, dialect: Dialect) -> CatalogTable {
    let mut live = live.clone();
    if dialect == Dialect::Mysql {
        for index in table.indexes.iter().filter(|i| i.unique) {
            if let Some(columns) = live.uniques.remove(&index.name) {
                let found = CatalogIndex {
                    columns,
                    unique: true,
                    method: IndexMethod::Btree.name().to_string(),
                    partial: false,
                };
                live.indexes.insert(index.name.clone(), found);
            }
        }
    }
    if dialect == Dialect::Sqlite {
        for unique in &table.uniques {
            if let Some(index) = live
                .indexes
                .get(&unique.name)
                .filter(|i| i.unique && !i.partial)
                .cloned()
            {
                live.indexes.remove(&unique.name);
                live.uniques.insert(unique.name.clone(), index.columns);
            }
        }
    }
    live
}

fn columns(table: &Table, live: &CatalogTable, dialect: Dialect, push: &mut impl FnMut(String)) {
    for column in &table.columns {
        match column.lifecycle {
            Lifecycle::Live => {}
            Lifecycle::Dropped => {
                let backup = backup_name(&column.name);
                match live.columns.iter().find(|c| c.name == backup) {
                    None => push(format!("dropped column `{}` is not kept as `{backup}`", column.name)),
                    Some(found) if !found.nullable => push(format!("dropped column `{backup}` is still NOT NULL")),
                    Some(_) => {}
                }
                if live.columns.iter().any(|c| c.name == column.name) {
                    push(format!(
                        "column `{}` is dropped in the schema but still in the database",
                        column.name
                    ));
                }
                continue;
            }
            Lifecycle::Purged => {
                if live
                    .columns
                    .iter()
                    .any(|c| c.name == column.name || c.name == backup_name(&column.name))
                {
                    push(format!(
                        "column `{}` is purged in the schema but still in the database",
                        column.name
                    ));
                }
                continue;
            }
        }
        let Some(found) = live.columns.iter().find(|c| c.name == column.name) else {
            push(format!("column `{}` is missing", column.name));
            continue;
        };
        if !types_match(column, found, dialect) {
            push(format!(
                "column `{}` is {} in the database, {} in the schema",
                column.name, found.data_type, column.ty
            ));
        }
        if found.nullable != column.nullable && !table.is_external() {
            let say = |n: bool| if n { "nullable" } else { "NOT NULL" };
            push(format!(
                "column `{}` is {} in the database, {} in the schema",
                column.name,
                say(found.nullable),
                say(column.nullable)
            ));
        }
        if table.is_external() {
            continue;
        }
        let expects_default = column.default.is_some() && !column.ty.is_serial();
        let has_default = found.default.is_some();
        if expects_default != has_default {
            push(format!(
                "column `{}` {} a default in the database but {} in the schema",
                column.name,
                if has_default { "has" } else { "has no" },
                if expects_default { "has one" } else { "none" }
            ));
        }
        if column.ty.is_serial() != found.auto_increment {
            push(format!(
                "column `{}` auto-increment differs (schema: {})",
                column.name,
                column.ty.is_serial()
            ));
        }
        if dialect == Dialect::Mysql && column.set_on_update != found.on_update_now {
            push(format!(
                "column `{}`: ON UPDATE CURRENT_TIMESTAMP differs (schema: {})",
                column.name, column.set_on_update
            ));
        }
        if dialect != Dialect::Sqlite && column.comment != found.comment {
            push(format!(
                "column `{}` comment is {:?} in the database, {:?} in the schema",
                column.name, found.comment, column.comment
            ));
        }
    }
    if !table.is_external() {
        let kept: Vec<String> = table
            .columns
            .iter()
            .filter(|c| c.lifecycle == Lifecycle::Dropped)
            .map(|c| backup_name(&c.name))
            .collect();
        for found in live.columns.iter().filter(|c| !kept.contains(&c.name)) {
            if table.column(&found.name).is_none() {
                push(format!(
                    "column `{}` exists in the database but not in the schema",
                    found.name
                ));
            }
        }
    }
}

/// Whether the database's spelling of a type is what the model's type becomes on `dialect`.
pub fn types_match(column: &Column, found: &CatalogColumn, dialect: Dialect) -> bool {
    let reported = normalize_type(&found.data_type, dialect);
    if let Some(native) = column.native_types.get(&dialect) {
        return reported == normalize_type(native, dialect);
    }
    expected_types(column.ty, dialect).iter().any(|t| *t == reported)
}

/// The spellings under which the database reports a model type.
pub(crate) fn expected_types(ty: ColumnType, dialect: Dialect) -> Vec<String> {
    use ColumnType as T;
    let one = |s: &str| vec![s.to_string()];
    match dialect {
        Dialect::Postgres => match ty {
            T::SmallInt => one("smallint"),
            T::Integer | T::Serial => one("integer"),
            T::BigInt | T::BigSerial => one("bigint"),
            T::Boolean => one("boolean"),
            T::Text => one("text"),
            T::Varchar(n) => vec![format!("character varying({n})")],
            T::Numeric(None) => one("numeric"),
            T::Numeric(Some((p, s))) => vec![format!("numeric({p},{s})")],
            T::Real => one("real"),
            T::Double => one("double precision"),
            T::Date => one("date"),
            T::Time => one("time without time zone"),
            T::Timestamp => one("timestamp without time zone"),
            T::Timestamptz => one("timestamp with time zone"),
            T::Uuid => one("uuid"),
            T::Json => one("json"),
            T::Jsonb => one("jsonb"),
            T::Binary => one("bytea"),
        },
        Dialect::Sqlite => match ty {
            T::SmallInt => one("smallint"),
            T::Integer | T::Serial => one("integer"),
            T::BigInt => one("bigint"),
            // The rowid alias must be declared INTEGER.
            T::BigSerial => vec!["bigint".into(), "integer".into()],
            T::Boolean => one("boolean"),
            T::Text | T::Uuid | T::Json => one("text"),
            T::Varchar(n) => vec![format!("varchar({n})")],
            T::Numeric(None) => one("numeric"),
            T::Numeric(Some((p, s))) => vec![format!("numeric({p},{s})")],
            T::Real => one("real"),
            T::Double => one("double"),
            T::Date => one("date"),
            T::Time => one("time"),
            T::Timestamp => one("timestamp"),
            T::Timestamptz => one("timestamptz"),
            T::Jsonb | T::Binary => one("blob"),
        },
        Dialect::Mysql => match ty {
            T::SmallInt => one("smallint"),
            T::Integer | T::Serial => one("int"),
            T::BigInt | T::BigSerial => one("bigint"),
            T::Boolean => one("tinyint(1)"),
            T::Text => one("text"),
            T::Varchar(n) => vec![format!("varchar({n})")],
            T::Numeric(None) => one("decimal(65,30)"),
            T::Numeric(Some((p, s))) => vec![format!("decimal({p},{s})")],
            T::Real => one("float"),
            T::Double => one("double"),
            T::Date => one("date"),
            T::Time => one("time(6)"),
            T::Timestamp => one("datetime(6)"),
            T::Timestamptz => one("timestamp(6)"),
            T::Uuid => one("char(36)"),
            // MariaDB stores JSON as LONGTEXT with a json_valid() check.
            T::Json | T::Jsonb => vec!["json".into(), "longtext".into()],
            T::Binary => one("longblob"),
        },
    }
}

fn keys(table: &Table, live: &CatalogTable, dialect: Dialect, push: &mut impl FnMut(String)) {
    let expected_pk = table
        .primary_key
        .as_ref()
        .map(|pk| pk.columns.clone())
        .unwrap_or_default();
    if live.primary_key != expected_pk {
        push(format!(
            "primary key is ({}) in the database, ({}) in the schema",
            live.primary_key.join(", "),
            expected_pk.join(", ")
        ));
    }
    // SQLite names unique constraints itself; compare by columns there.
    let by_name = dialect != Dialect::Sqlite;
    for unique in &table.uniques {
        let present = if by_name {
            live.uniques.get(&unique.name) == Some(&unique.columns)
        } else {
            live.uniques.values().any(|c| *c == unique.columns)
        };
        if !present {
            push(format!(
                "unique constraint `{}` ({}) is missing or different",
                unique.name,
                unique.columns.join(", ")
            ));
        }
    }
    if live.uniques.len() != table.uniques.len() {
        push(format!(
            "{} unique constraint(s) in the database, {} in the schema",
            live.uniques.len(),
            table.uniques.len()
        ));
    }
    if dialect != Dialect::Sqlite {
        let mut expected: BTreeSet<String> = table.checks.iter().map(|c| c.name.clone()).collect();
        expected.extend(
            table
                .columns
                .iter()
                .filter_map(|c| Some(c.values.as_ref()?.check_name.clone())),
        );
        if live.checks != expected {
            let missing: Vec<_> = expected.difference(&live.checks).cloned().collect();
            let extra: Vec<_> = live.checks.difference(&expected).cloned().collect();
            push(format!(
                "check constraints differ: missing [{}], unexpected [{}]",
                missing.join(", "),
                extra.join(", ")
            ));
        }
    }
    for fk in &table.foreign_keys {
        let matching = live.foreign_keys.iter().find(|l| {
            (l.name == fk.name || l.name.is_empty())
                && l.columns == fk.columns
                && l.references_table == fk.references.table
                && l.references_columns == fk.references.columns
        });
        match matching {
            None => push(format!("foreign key `{}` is missing or points elsewhere", fk.name)),
            Some(live_fk) => {
                let action = |a: Option<FkAction>| a.unwrap_or(FkAction::NoAction).sql().to_string();
                // MySQL reports RESTRICT and NO ACTION alike for "not given".
                let same = |live: &str, model: String| {
                    live == model
                        || (dialect == Dialect::Mysql
                            && matches!(
                                (live, model.as_str()),
                                ("RESTRICT", "NO ACTION") | ("NO ACTION", "RESTRICT")
                            ))
                };
                if !same(&live_fk.on_delete, action(fk.on_delete)) || !same(&live_fk.on_update, action(fk.on_update)) {
                    push(format!(
                        "foreign key `{}` is ON DELETE {} ON UPDATE {} in the database, ON DELETE {} ON UPDATE {} in the schema",
                        fk.name, live_fk.on_delete, live_fk.on_update, action(fk.on_delete), action(fk.on_update)
                    ));
                }
            }
        }
    }
    if live.foreign_keys.len() != table.foreign_keys.len() {
        push(format!(
            "{} foreign key(s) in the database, {} in the schema",
            live.foreign_keys.len(),
            table.foreign_keys.len()
        ));
    }
}

fn indexes(table: &Table, live: &CatalogTable, dialect: Dialect, push: &mut impl FnMut(String)) {
    for index in &table.indexes {
        let Some(found) = live.indexes.get(&index.name) else {
            push(format!("index `{}` is missing", index.name));
            continue;
        };
        let method = if dialect == Dialect::Postgres {
            index.method.name()
        } else {
            IndexMethod::Btree.name()
        };
        if found.columns != index.columns
            || found.unique != index.unique
            || found.partial != index.predicate.is_some()
            || found.method != method
        {
            push(format!(
                "index `{}` is {}({}){}{} in the database, {}({}){}{} in the schema",
                index.name,
                found.method,
                found.columns.join(", "),
                if found.unique { " unique" } else { "" },
                if found.partial { " partial" } else { "" },
                method,
                index.columns.join(", "),
                if index.unique { " unique" } else { "" },
                if index.predicate.is_some() { " partial" } else { "" },
            ));
        }
    }
    for name in live.indexes.keys() {
        if !table.indexes.iter().any(|i| &i.name == name) {
            push(format!("index `{name}` exists in the database but not in the schema"));
        }
    }
}

fn extras(table: &Table, live: &CatalogTable, catalog: &Catalog, dialect: Dialect, push: &mut impl FnMut(String)) {
    let trigger = table
        .set_on_update_column()
        .map(|c| naming::update_trigger(&table.name, &c.name));
    let expected_triggers: BTreeSet<String> = trigger.iter().filter(|_| dialect != Dialect::Mysql).cloned().collect();
    if live.triggers != expected_triggers {
        push(format!(
            "triggers are [{}] in the database, [{}] in the schema",
            live.triggers.iter().cloned().collect::<Vec<_>>().join(", "),
            expected_triggers.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    if dialect == Dialect::Postgres {
        if let Some(column) = table.set_on_update_column() {
            let function = naming::update_trigger_function(&table.name, &column.name);
            if !catalog.functions.contains(&function) {
                push(format!("trigger function `{function}` is missing"));
            }
        }
        let tenant = table.tenant.is_some();
        if live.row_level_security != tenant || live.force_row_level_security != tenant {
            push(format!(
                "row-level security is {}{} in the database, {} in the schema",
                if live.row_level_security { "enabled" } else { "disabled" },
                if live.force_row_level_security {
                    " and forced"
                } else {
                    ""
                },
                if tenant { "enabled and forced" } else { "disabled" }
            ));
        }
        let expected: BTreeSet<&str> = table.tenant.iter().map(|t| t.policy.as_str()).collect();
        let present: BTreeSet<&str> = live.policies.keys().map(String::as_str).collect();
        if expected != present {
            push(format!(
                "policies are [{}] in the database, [{}] in the schema",
                present.into_iter().collect::<Vec<_>>().join(", "),
                expected.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        if let Some(tenant) = &table.tenant {
            if let Some(policy) = live.policies.get(&tenant.policy) {
                let reads_setting = |e: &Option<String>| {
                    e.as_deref()
                        .is_some_and(|e| e.contains(&tenant.setting) && e.contains(&tenant.column))
                };
                if policy.command != "ALL" || !reads_setting(&policy.using) || !reads_setting(&policy.with_check) {
                    push(format!(
                        "policy `{}` does not compare `{}` with `{}` for ALL commands in USING and WITH CHECK",
                        tenant.policy, tenant.column, tenant.setting
                    ));
                }
            }
        }
    }
    if dialect != Dialect::Sqlite && live.comment != table.comment {
        push(format!(
            "table comment is {:?} in the database, {:?} in the schema",
            live.comment, table.comment
        ));
    }
}

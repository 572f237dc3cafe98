//! Foreign keys: the target exists and is a key, types agree, ON DELETE is stated and possible,
//! and the referencing columns are indexed.

use crate::diagnostic::Diagnostic;
use crate::model::{ColumnType, FkAction, ForeignKey, Schema, Table};

pub fn check(schema: &Schema, found: &mut Vec<Diagnostic>) {
    // A table read with errors has its keys judged once it reads cleanly.
    for table in schema
        .owned_tables()
        .filter(|t| t.is_live() && !t.origin.read_with_errors)
    {
        for fk in &table.foreign_keys {
            foreign_key(schema, table, fk, found);
        }
    }
}

fn foreign_key(schema: &Schema, table: &Table, fk: &ForeignKey, found: &mut Vec<Diagnostic>) {
    // At the foreign key, or at the key of it a finding is about.
    let here = |code: &'static str, message: String| Diagnostic::error(code, &fk.origin, message);
    let at = |key: &str, code: &'static str, message: String| Diagnostic::error(code, fk.origin.key(key), message);
    let label = format!("foreign key `{}` on `{}`", fk.name, table.name);

    let local: Vec<_> = fk.columns.iter().map(|c| (c, table.column(c))).collect();
    for (name, column) in &local {
        if column.is_none() {
            found.push(at(
                "columns",
                "unknown-column",
                format!("{label} names unknown column `{}.{name}`", table.name),
            ));
        }
    }

    match fk.on_delete {
        None => found.push(
            here("fk-without-on-delete", format!("{label} does not say what happens ON DELETE")).help(format!(
                "state it: {} (refuse the delete), or cascade (delete the children too), set_null, set_default, no_action",
                fk.origin.spell("on_delete: restrict", "on_delete = \"restrict\"")
            ))
            .about(&table.name, &fk.name),
        ),
        Some(FkAction::SetNull) => {
            for (name, column) in &local {
                if column.is_some_and(|c| !c.nullable) {
                    found.push(
                        at("on_delete", "fk-set-null-not-nullable", format!("{label} sets `{name}` to NULL on delete, but the column is NOT NULL"))
                            .help(format!(
                                "make the column nullable ({}), or choose restrict or cascade",
                                fk.origin.spell("nullable: true", "Option<...>")
                            )),
                    );
                }
            }
        }
        Some(FkAction::SetDefault) => {
            for (name, column) in &local {
                if column.is_some_and(|c| c.default.is_none()) {
                    found.push(
                        at("on_delete", "fk-set-default-without-default", format!("{label} sets `{name}` to its default on delete, but it has none"))
                            .help("give the column a default, or choose another action"),
                    );
                }
            }
        }
        _ => {}
    }

    if !super::is_indexed(table, &fk.columns) {
        found.push(
            here(
                "unindexed-foreign-key",
                format!("{label}: `{}` is not indexed", fk.columns.join(", ")),
            )
            .help(if fk.columns.len() == 1 {
                format!(
                    "add {} on the column (deletes in the parent table scan this table without it)",
                    fk.origin.spell("index: true", "#[column(index)]")
                )
            } else {
                let columns = fk.columns.join(", ");
                format!(
                    "add an index whose leading columns are the key's: {}",
                    fk.origin.spell(
                        &format!("indexes: [{{ columns: [{columns}] }}]"),
                        &format!("#[table(index(columns({columns})))]")
                    )
                )
            })
            .about(&table.name, &fk.name),
        );
    }

    let Some(target) = schema.table(&fk.references.table) else {
        let tables = schema.tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>();
        let close = tables
            .iter()
            .map(|t| (strsim::jaro_winkler(&fk.references.table, t), *t))
            .filter(|(s, _)| *s > 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, t)| format!("did you mean `{t}`? "))
            .unwrap_or_default();
        found.push(
            at(
                "references",
                "fk-unknown-table",
                format!("{label} references unknown table `{}`", fk.references.table),
            )
            .help(format!(
                "{close}declare it ({} if another team owns it); tables are: {}",
                fk.origin.spell("external: true", "#[table(external)]"),
                tables.join(", ")
            )),
        );
        return;
    };
    if target.origin.read_with_errors {
        return; // what it declares is incomplete; its own errors come first
    }

    let target_columns = if fk.references.columns.is_empty() {
        match &target.primary_key {
            Some(pk) => pk.columns.clone(),
            None => {
                found.push(
                    at(
                        "references",
                        "fk-target-not-unique",
                        format!("{label} references `{}`, which declares no primary key", target.name),
                    )
                    .help("name the referenced columns, or declare the target's primary key"),
                );
                return;
            }
        }
    } else {
        fk.references.columns.clone()
    };

    if target_columns.len() != fk.columns.len() {
        found.push(
            at(
                "references",
                "fk-arity",
                format!(
                    "{label} has {} column(s) but references {} in `{}`",
                    fk.columns.len(),
                    target_columns.len(),
                    target.name
                ),
            )
            .help("reference as many columns as the key has"),
        );
        return;
    }

    let mut all_known = true;
    for ((name, column), target_name) in local.iter().zip(&target_columns) {
        match target.column(target_name) {
            None => {
                all_known = false;
                found.push(
                    at(
                        "references",
                        "fk-unknown-column",
                        format!("{label} references unknown column `{}.{target_name}`", target.name),
                    )
                    .help(format!(
                        "columns of `{}` are: {}",
                        target.name,
                        target
                            .columns
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            }
            Some(target_column) => {
                let types_known = column.is_some_and(super::type_known) && super::type_known(target_column);
                if let (Some(column), true) = (column, types_known) {
                    if !compatible(column.ty, target_column.ty) {
                        found.push(
                            here(
                                "fk-type-mismatch",
                                format!(
                                    "{label}: `{name}` is {} but `{}.{target_name}` is {}",
                                    column.ty, target.name, target_column.ty
                                ),
                            )
                            .help("give the referencing column the referenced column's type"),
                        );
                    }
                }
            }
        }
    }

    let is_key = target
        .primary_key
        .iter()
        .any(|pk| same_set(&pk.columns, &target_columns))
        // A deferrable unique constraint may hold duplicates until commit: no key points at it.
        || target
            .uniques
            .iter()
            .any(|u| u.deferrable.is_none() && same_set(&u.columns, &target_columns))
        || target.indexes.iter().any(|i| {
            i.unique && i.predicate.is_none() && i.plain_columns().is_some_and(|c| same_set(&c, &target_columns))
        });
    let deferred_only = target
        .uniques
        .iter()
        .any(|u| u.deferrable.is_some() && same_set(&u.columns, &target_columns));
    if all_known && !is_key {
        found.push(
            at(
                "references",
                "fk-target-not-unique",
                format!(
                    "{label} references `{}({})`, which is neither its primary key nor unique{}",
                    target.name,
                    target_columns.join(", "),
                    if deferred_only { " (its unique constraint is deferrable)" } else { "" }
                ),
            )
            .help("the database requires the referenced columns to be a primary key or unique constraint (not deferrable)"),
        );
    }
}

fn same_set(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|c| b.contains(c))
}

/// Types a foreign key may join: equal up to auto-increment and text length.
fn compatible(a: ColumnType, b: ColumnType) -> bool {
    fn family(t: ColumnType) -> ColumnType {
        match t {
            ColumnType::Serial => ColumnType::Integer,
            ColumnType::BigSerial => ColumnType::BigInt,
            // Strings compare with strings whatever their length or padding: PostgreSQL and
            // MySQL accept a CHAR(36) key referencing a VARCHAR(40) one.
            ColumnType::Varchar(_) | ColumnType::UnboundedVarchar | ColumnType::Char(_) => ColumnType::Text,
            ColumnType::Numeric(_) => ColumnType::Numeric(None),
            other => other,
        }
    }
    family(a) == family(b)
}

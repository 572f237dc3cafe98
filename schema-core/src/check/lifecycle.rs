//! Dropped and renamed elements: nothing live may still use a dropped column or table, and a
//! declared rename must be unambiguous.

use crate::diagnostic::Diagnostic;
use crate::model::{Schema, Table};

pub fn table(table: &Table, found: &mut Vec<Diagnostic>) {
    if !table.is_live() {
        return;
    }
    let dropped = |name: &str| table.column(name).is_some_and(|c| !c.lifecycle.is_live());
    let mut uses = |what: String, columns: &[String], origin: &crate::model::Origin| {
        for column in columns.iter().filter(|c| dropped(c)) {
            found.push(
                Diagnostic::error(
                    "uses-dropped-column",
                    origin,
                    format!("{what} uses `{}.{column}`, which is dropped", table.name),
                )
                .help("remove it from the schema too: a dropped column's constraints and indexes go with it"),
            );
        }
    };
    if let Some(pk) = &table.primary_key {
        uses("the primary key".into(), &pk.columns, table.origin.key("primary_key"));
    }
    for unique in &table.uniques {
        uses(
            format!("unique constraint `{}`", unique.name),
            &unique.columns,
            unique.origin.key("columns"),
        );
    }
    for index in &table.indexes {
        uses(
            format!("index `{}`", index.name),
            &index
                .columns
                .iter()
                .filter_map(|k| k.column_name().map(str::to_string))
                .collect::<Vec<_>>(),
            index.origin.key("columns"),
        );
    }
    for fk in &table.foreign_keys {
        uses(
            format!("foreign key `{}`", fk.name),
            &fk.columns,
            fk.origin.key("columns"),
        );
    }
    for check in &table.checks {
        let read: Vec<String> = check
            .expr
            .words()
            .filter(|word| dropped(word))
            .map(String::from)
            .collect();
        uses(format!("check `{}`", check.name), &read, check.origin.key("expr"));
    }
    if let Some(tenant) = &table.tenant {
        uses(
            "row-level security".into(),
            std::slice::from_ref(&tenant.column),
            table.origin.key("tenant"),
        );
    }
    for column in &table.columns {
        if let Some(from) = &column.renamed_from {
            if table.column(from).is_some() {
                found.push(
                    Diagnostic::error(
                        "ambiguous-rename",
                        column.origin.key("renamed_from"),
                        format!(
                            "`{}.{}` is renamed from `{from}`, which is still a column of the table",
                            table.name, column.name
                        ),
                    )
                    .help("remove `renamed_from` once the rename is migrated, or the old column"),
                );
            }
        }
    }
}

pub fn schema(schema: &Schema, found: &mut Vec<Diagnostic>) {
    for table in schema.tables.iter().filter(|t| t.is_live()) {
        for fk in &table.foreign_keys {
            if schema.table(&fk.references.table).is_some_and(|t| !t.is_live()) {
                found.push(
                    Diagnostic::error(
                        "references-dropped-table",
                        fk.origin.key("references"),
                        format!(
                            "foreign key `{}` on `{}` references `{}`, which is dropped",
                            fk.name, table.name, fk.references.table
                        ),
                    )
                    .help("drop the foreign key first (or with the table, in the same change)"),
                );
            }
        }
        if let Some(from) = &table.renamed_from {
            if schema.table(from).is_some() {
                found.push(
                    Diagnostic::error(
                        "ambiguous-rename",
                        table.origin.key("renamed_from"),
                        format!(
                            "table `{}` is renamed from `{from}`, which is still in the schema",
                            table.name
                        ),
                    )
                    .help("remove `renamed_from` once the rename is migrated, or the old table"),
                );
            }
        }
    }
}

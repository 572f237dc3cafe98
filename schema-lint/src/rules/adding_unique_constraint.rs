//! A unique constraint or primary key added to a table that exists before the migration: the
//! index behind it is built while ACCESS EXCLUSIVE is held, blocking reads and writes. Build the
//! index `CONCURRENTLY` first and attach it with `USING INDEX`.

use sqlparser::ast::{AlterTableOperation, ColumnOption, TableConstraint};

use super::{existing_alter_operations, q, Hit};
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, alter, operation) in existing_alter_operations(m) {
        let table = plain(&alter.name);
        let (kind, name, columns) = match operation {
            AlterTableOperation::AddConstraint {
                constraint: TableConstraint::Unique(unique),
                ..
            } => (
                "UNIQUE",
                unique.name.as_ref().map(|n| n.value.clone()),
                index_columns(&unique.columns),
            ),
            AlterTableOperation::AddConstraint {
                constraint: TableConstraint::PrimaryKey(pk),
                ..
            } => (
                "PRIMARY KEY",
                pk.name.as_ref().map(|n| n.value.clone()),
                index_columns(&pk.columns),
            ),
            AlterTableOperation::AddColumn { column_def, .. } => {
                let Some(kind) = column_def.options.iter().find_map(|o| match o.option {
                    ColumnOption::Unique(_) => Some("UNIQUE"),
                    ColumnOption::PrimaryKey(_) => Some("PRIMARY KEY"),
                    _ => None,
                }) else {
                    continue;
                };
                (kind, None, vec![column_def.name.value.clone()])
            }
            _ => continue,
        };
        let what = if kind == "UNIQUE" {
            "unique constraint"
        } else {
            "primary key"
        };
        let label = name.as_ref().map_or_else(String::new, |n| format!(" `{n}`"));
        let index = name.unwrap_or_else(|| match kind {
            "UNIQUE" => format!("{table}_{}_key", columns.join("_")),
            _ => format!("{table}_pkey"),
        });
        let columns = columns.iter().map(|c| q(m, c)).collect::<Vec<_>>().join(", ");
        hits.push(Hit::new(
            s,
            format!("adding {what}{label} to existing table `{table}` builds its index under ACCESS EXCLUSIVE: reads and writes wait for the build"),
            format!(
                "build the index first without blocking, in a migration with run_in_transaction = false: CREATE UNIQUE INDEX CONCURRENTLY {i} ON {t} ({columns}); then ALTER TABLE {t} ADD CONSTRAINT {i} {kind} USING INDEX {i}",
                i = q(m, &index),
                t = q(m, &table)
            ),
        ));
    }
    hits
}

fn index_columns(columns: &[sqlparser::ast::IndexColumn]) -> Vec<String> {
    columns
        .iter()
        .map(|c| match &c.column.expr {
            sqlparser::ast::Expr::Identifier(ident) => ident.value.clone(),
            other => other.to_string(),
        })
        .collect()
}

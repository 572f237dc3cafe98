//! A `NOT NULL` column without a default added to a table that exists before the migration. The
//! existing rows have no value for it: PostgreSQL fails (`column contains null values`), SQLite
//! refuses, MySQL quietly fills in the type's implicit default. (Field notes, disaster 2.)

use sqlparser::ast::{AlterTableOperation, ColumnOption};
use tablewright_core::Dialect;

use super::{existing_alter_operations, Hit};
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, alter, operation) in existing_alter_operations(m) {
        let AlterTableOperation::AddColumn { column_def, .. } = operation else {
            continue;
        };
        let options: Vec<&ColumnOption> = column_def.options.iter().map(|o| &o.option).collect();
        let required = options
            .iter()
            .any(|o| matches!(o, ColumnOption::NotNull | ColumnOption::PrimaryKey(_)));
        let filled = options.iter().any(|o| {
            matches!(
                o,
                ColumnOption::Default(_) | ColumnOption::Generated { .. } | ColumnOption::Identity(_)
            )
        }) || column_def.data_type.to_string().to_lowercase().contains("serial");
        if !required || filled {
            continue;
        }
        let table = plain(&alter.name);
        let column = &column_def.name.value;
        let consequence = match m.dialect {
            Dialect::Postgres => format!("it fails on a table with rows (column \"{column}\" contains null values)"),
            Dialect::Sqlite => "SQLite refuses it (\"Cannot add a NOT NULL column with default value NULL\")".to_string(),
            Dialect::Mysql => "MySQL fills the existing rows with the type's implicit default (0, '' or a zero date) without a warning".to_string(),
        };
        hits.push(
            Hit::new(
                s,
                format!("new column `{table}.{column}` is NOT NULL without a default: {consequence}"),
                "add it nullable, backfill it in batches, then make it NOT NULL (without a long lock: see setting-not-null); or give it a constant DEFAULT",
            )
            .at(m.locate_ident(s, &column_def.name)),
        );
    }
    hits
}

//! `DROP COLUMN` on a table that exists before the migration: the values are gone for good, and
//! running code that still selects the column fails. (Field notes, disaster 1.)

use sqlparser::ast::AlterTableOperation;

use super::{existing_alter_operations, Hit};
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, alter, operation) in existing_alter_operations(m) {
        let AlterTableOperation::DropColumn { column_names, .. } = operation else {
            continue;
        };
        let table = plain(&alter.name);
        for column in column_names {
            hits.push(
                Hit::new(
                    s,
                    format!(
                        "dropping column `{table}.{}` deletes its values for good; a down migration can add the column back, not its data",
                        column.value
                    ),
                    "deploy code that no longer reads the column first, copy its values (with the key) to a backup table so the down migration can restore them, then opt in with `-- tablewright-lint: ignore drop-column (reason)` on the line before",
                )
                .at(m.locate_ident(s, column)),
            );
        }
    }
    hits
}

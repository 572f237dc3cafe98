//! Renaming a column of a table that exists before the migration: running code still reads and
//! writes the old name until it is redeployed. (Field notes: "Safe Column Rename".)

use sqlparser::ast::AlterTableOperation;

use super::{existing_alter_operations, Hit};
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, alter, operation) in existing_alter_operations(m) {
        let (old, new) = match operation {
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => (old_column_name, new_column_name),
            AlterTableOperation::ChangeColumn { old_name, new_name, .. } if m.ident(old_name) != m.ident(new_name) => {
                (old_name, new_name)
            }
            _ => continue,
        };
        let table = plain(&alter.name);
        hits.push(
            Hit::new(
                s,
                format!(
                    "renaming `{table}.{}` to `{}` breaks every running instance that still reads or writes `{}`, until all of them are redeployed",
                    old.value, new.value, old.value
                ),
                "expand and contract: add the new column, backfill it in batches (and keep both in step, e.g. with a trigger), deploy code that uses it, then drop the old column in a later migration",
            )
            .at(m.locate_ident(s, old)),
        );
    }
    hits
}

//! `DROP NOT NULL` on a column of an existing table: the running code (and the diesel schema it
//! was compiled with, where the column is not an `Option`) assumes a value, and the first NULL
//! written by new code breaks the old code that reads it. Deploy code that handles NULL first.

use sqlparser::ast::{AlterColumnOperation, AlterTableOperation};

use super::{existing_alter_operations, Hit};
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    // A generated migration drops NOT NULL because the schema now declares the column nullable
    // (or drops it): the same build regenerates the diesel schema with `Option<T>`, so the code
    // shipped with the migration reads NULL.
    if m.declared.is_some() {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for (s, alter, operation) in existing_alter_operations(m) {
        let AlterTableOperation::AlterColumn {
            column_name,
            op: AlterColumnOperation::DropNotNull,
        } = operation
        else {
            continue;
        };
        hits.push(
            Hit::new(
                s,
                format!(
                    "DROP NOT NULL on `{}.{}`: code that still reads it as always set (a non-Option field in the diesel schema) fails on the first NULL",
                    plain(&alter.name),
                    column_name.value
                ),
                "deploy code that reads the column as optional first (Option<T>), then drop the constraint; if every reader already does, opt in with `-- tablewright-lint: ignore drop-not-null (reason)`",
            )
            .at(m.locate_ident(s, column_name)),
        );
    }
    hits
}

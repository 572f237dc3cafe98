//! `SET NOT NULL` on a table that exists before the migration: PostgreSQL scans every row under
//! ACCESS EXCLUSIVE to prove there is no NULL. Since PostgreSQL 12 a valid `CHECK (col IS NOT
//! NULL)` proves it without the scan; the check itself is added `NOT VALID` and validated without
//! blocking writes. (Field notes, disaster 2.)

use sqlparser::ast::{AlterColumnOperation, AlterTableOperation};

use super::{existing_alter_operations, q, Hit};
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, alter, operation) in existing_alter_operations(m) {
        let AlterTableOperation::AlterColumn {
            column_name,
            op: AlterColumnOperation::SetNotNull,
        } = operation
        else {
            continue;
        };
        // A valid `CHECK (column IS NOT NULL)` on this very column, from this migration or an
        // earlier one: PostgreSQL 12+ uses it and skips the scan. A check of another column, or
        // one still NOT VALID, proves nothing.
        if m.proven_not_null
            .contains(&(s.index, m.key(&alter.name), m.ident(column_name)))
        {
            continue;
        }
        let table = plain(&alter.name);
        let column = &column_name.value;
        let check = format!("{table}_{column}_not_null");
        hits.push(
            Hit::new(
                s,
                format!(
                    "SET NOT NULL on `{table}.{column}` scans all of `{table}` under ACCESS EXCLUSIVE to prove there is no NULL: reads and writes wait for the scan"
                ),
                format!(
                    "prove it without the lock: ALTER TABLE {t} ADD CONSTRAINT {c} CHECK ({col} IS NOT NULL) NOT VALID; then in a later migration VALIDATE CONSTRAINT {c}, SET NOT NULL (PostgreSQL 12+ uses the valid check and skips the scan) and DROP CONSTRAINT {c}",
                    t = q(m, &table),
                    c = q(m, &check),
                    col = q(m, column)
                ),
            )
            .at(m.locate_ident(s, column_name)),
        );
    }
    hits
}

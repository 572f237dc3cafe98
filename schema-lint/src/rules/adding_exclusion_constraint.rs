//! An `EXCLUDE` constraint added to a table that exists before the migration: PostgreSQL builds
//! its index (usually GiST) and checks every pair of rows while holding ACCESS EXCLUSIVE, so reads
//! and writes wait for the whole build. There is no `NOT VALID` or `USING INDEX` way to add one.

use sqlparser::ast::{AlterTableOperation, TableConstraint};

use super::{existing_alter_operations, Hit};
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, alter, operation) in existing_alter_operations(m) {
        let AlterTableOperation::AddConstraint {
            constraint: TableConstraint::Exclude(exclude),
            ..
        } = operation
        else {
            continue;
        };
        let label = exclude
            .name
            .as_ref()
            .map_or_else(String::new, |n| format!(" `{}`", n.value));
        hits.push(Hit::new(
            s,
            format!(
                "adding exclusion constraint{label} to existing table `{}` builds its index and checks every row under ACCESS EXCLUSIVE: reads and writes wait for the build",
                plain(&alter.name)
            ),
            "add it while the table is small, or in a maintenance window with a lock timeout; otherwise enforce the rule another way (a trigger that checks overlaps, with a unique index built CONCURRENTLY where it can express it)",
        ));
    }
    hits
}

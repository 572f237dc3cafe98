//! Dropping the primary key of an existing table (`DROP PRIMARY KEY`, or `DROP CONSTRAINT` of the
//! key's name: the one the linted migrations gave it, or PostgreSQL's default `<table>_pkey`).
//! Takes ACCESS EXCLUSIVE, and until a new key exists nothing stops duplicate rows; foreign keys,
//! logical replication (`REPLICA IDENTITY DEFAULT`) and diesel's `find` rely on it.

use sqlparser::ast::{AlterTableOperation, TableConstraint};

use super::{existing_alter_operations, Hit};
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    // The key's name as the statement sees it: the table's facts are those after the migration.
    let mut dropped = std::collections::HashSet::new();
    for (s, alter, operation) in existing_alter_operations(m) {
        let table = plain(&alter.name);
        let key = m.key(&alter.name);
        let is_key = match operation {
            AlterTableOperation::DropPrimaryKey { .. } => true,
            AlterTableOperation::DropConstraint { name, .. } => {
                let name = m.ident(name);
                let lower = name.to_lowercase();
                // The name the linted migrations gave the key, PostgreSQL's default, or a name
                // that says it is one (`pk_t`, `t_pk`, `t_primary_key`).
                lower == format!("{}_pkey", table.to_lowercase())
                    || m.primary_keys.get(&key).is_some_and(|names| names.contains(&name))
                    || lower.starts_with("pk_")
                    || lower.ends_with("_pk")
                    || lower.ends_with("_pkey")
                    || lower.contains("primary_key")
            }
            _ => false,
        };
        // Replaced in the same statement (`DROP CONSTRAINT old, ADD CONSTRAINT new PRIMARY KEY
        // USING INDEX idx`): the table never goes without a key. Building the new key's index
        // is adding-unique-constraint's concern.
        let replaced = alter.operations.iter().any(|o| {
            matches!(
                o,
                AlterTableOperation::AddConstraint {
                    constraint: TableConstraint::PrimaryKey(_) | TableConstraint::PrimaryKeyUsingIndex(_),
                    ..
                }
            )
        });
        if !is_key || replaced || !dropped.insert((s.index, key)) {
            continue;
        }
        hits.push(Hit::new(
            s,
            format!("dropping the primary key of existing table `{table}` takes ACCESS EXCLUSIVE and leaves it without a key: duplicate rows go in, and replication, foreign keys and lookups by key lose what they rely on"),
            format!(
                "replace the key in one statement instead: build the new unique index CONCURRENTLY first, then ALTER TABLE {} DROP CONSTRAINT <old key>, ADD CONSTRAINT <new key> PRIMARY KEY USING INDEX <the index>",
                super::q(m, &table)
            ),
        ));
    }
    hits
}

//! A foreign key or check added to a table that exists before the migration without `NOT VALID`.
//!
//! Adding the constraint checks every existing row while holding the lock: ACCESS EXCLUSIVE for a
//! check, SHARE ROW EXCLUSIVE on both tables for a foreign key. `NOT VALID` adds it at once (new
//! rows are checked from then on) and `VALIDATE CONSTRAINT`, in a later transaction, scans with a
//! lock that lets reads and writes go on. Validating in the same transaction keeps the first lock
//! for the scan, which defeats the point.

use std::collections::HashMap;

use sqlparser::ast::{AlterTableOperation, TableConstraint};

use super::{alter_operations, existing_alter_operations, q, Hit};
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, alter, operation) in existing_alter_operations(m) {
        let AlterTableOperation::AddConstraint {
            constraint,
            not_valid: false,
        } = operation
        else {
            continue;
        };
        let table = plain(&alter.name);
        let (name, message) = match constraint {
            TableConstraint::ForeignKey(fk) => (
                fk.name.as_ref().map(|n| n.value.clone()),
                format!(
                    "adding foreign key {} to existing table `{table}` checks every row while holding SHARE ROW EXCLUSIVE on `{table}` and `{}`: writes to both wait for the scan",
                    fk.name.as_ref().map_or_else(String::new, |n| format!("`{}`", n.value)),
                    plain(&fk.foreign_table)
                ),
            ),
            TableConstraint::Check(check) => (
                check.name.as_ref().map(|n| n.value.clone()),
                format!(
                    "adding check {} to existing table `{table}` scans every row under ACCESS EXCLUSIVE: reads and writes wait for the scan",
                    check.name.as_ref().map_or_else(String::new, |n| format!("`{}`", n.value))
                ),
            ),
            _ => continue,
        };
        let name = name.unwrap_or_else(|| "<name>".to_string());
        hits.push(Hit::new(
            s,
            message.replace("  ", " "),
            format!(
                "add it with NOT VALID (new and updated rows are checked at once), then validate it in a later migration: ALTER TABLE {} VALIDATE CONSTRAINT {}",
                q(m, &table),
                q(m, &name)
            ),
        ));
    }
    if m.in_transaction {
        let mut not_valid: HashMap<(String, String), usize> = HashMap::new();
        for (s, alter, operation) in alter_operations(m) {
            let table = m.key(&alter.name);
            match operation {
                AlterTableOperation::AddConstraint {
                    constraint,
                    not_valid: true,
                } => {
                    let name = match constraint {
                        TableConstraint::ForeignKey(fk) => fk.name.as_ref(),
                        TableConstraint::Check(check) => check.name.as_ref(),
                        _ => None,
                    };
                    if let Some(name) = name {
                        not_valid.insert((table, m.ident(name)), s.line);
                    }
                }
                AlterTableOperation::ValidateConstraint { name } => {
                    if let Some(line) = not_valid.get(&(table, m.ident(name))) {
                        hits.push(
                            Hit::new(
                                s,
                                format!(
                                    "`{}` is validated in the same transaction that added it NOT VALID (line {line}): the scan runs while the lock ADD CONSTRAINT took is still held",
                                    name.value
                                ),
                                "move VALIDATE CONSTRAINT to a later migration, so it runs in a transaction of its own",
                            )
                            .at(m.locate_ident(s, name)),
                        );
                    }
                }
                _ => {}
            }
        }
    }
    hits
}

//! A foreign key or check added to a table that exists before the migration without `NOT VALID`.
//!
//! Adding the constraint checks every existing row while holding the lock: ACCESS EXCLUSIVE for a
//! check, SHARE ROW EXCLUSIVE on both tables for a foreign key. `NOT VALID` adds it at once (new
//! rows are checked from then on) and `VALIDATE CONSTRAINT`, in a later transaction, scans with a
//! lock that lets reads and writes go on. Validating in the same transaction keeps the first lock
//! for the scan, which defeats the point.

use std::collections::HashMap;

use sqlparser::ast::{AlterTableOperation, Statement, TableConstraint};

use super::{existing_alter_operations, q, Hit};
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, alter, operation) in existing_alter_operations(m) {
        let table = plain(&alter.name);
        // A column added with REFERENCES and a default: every row gets a value the foreign key
        // checks, under the same locks, and there is no NOT VALID for it. Without a default the
        // column holds only NULLs, which need no check; the short lock on both tables is
        // missing-lock-timeout's concern.
        if let AlterTableOperation::AddColumn { column_def, .. } = operation {
            let has_default = column_def.options.iter().any(|o| {
                matches!(&o.option, sqlparser::ast::ColumnOption::Default(e) if !matches!(crate::expr::strip(e), sqlparser::ast::Expr::Value(v) if v.value == sqlparser::ast::Value::Null))
            });
            let references = column_def
                .options
                .iter()
                .find_map(|o| match &o.option {
                    sqlparser::ast::ColumnOption::ForeignKey(fk) => Some(fk),
                    _ => None,
                })
                .filter(|_| has_default);
            if let Some(fk) = references {
                let column = &column_def.name.value;
                let parent = plain(&fk.foreign_table);
                hits.push(
                    Hit::new(
                        s,
                        format!("adding column `{table}.{column}` with REFERENCES checks the new foreign key over every row of `{table}` while holding SHARE ROW EXCLUSIVE on `{table}` and `{parent}`: writes to both wait"),
                        format!(
                            "add the column without REFERENCES, then the foreign key NOT VALID: ALTER TABLE {t} ADD CONSTRAINT {c} FOREIGN KEY ({col}) REFERENCES {p} (...) NOT VALID; and VALIDATE CONSTRAINT {c} in a later migration",
                            t = q(m, &table),
                            c = q(m, &format!("{table}_{column}_fkey")),
                            col = q(m, column),
                            p = q(m, &parent)
                        ),
                    )
                    .at(m.locate_ident(s, &column_def.name)),
                );
            }
            continue;
        }
        let AlterTableOperation::AddConstraint {
            constraint,
            not_valid: false,
        } = operation
        else {
            continue;
        };
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
    // A NOT VALID constraint validated in the same transaction: the runner's, or an explicit
    // BEGIN ... COMMIT block of a migration the runner does not wrap.
    let mut not_valid: HashMap<(String, String), usize> = HashMap::new();
    let mut begun = false;
    for s in &m.statements {
        match s.ast() {
            Some(Statement::StartTransaction { .. }) => begun = true,
            Some(Statement::Commit { .. } | Statement::Rollback { savepoint: None, .. }) => {
                begun = false;
                not_valid.clear();
            }
            _ => {}
        }
        if !m.in_transaction && !begun {
            not_valid.clear();
        }
        let Some(Statement::AlterTable(alter)) = s.ast() else {
            continue;
        };
        let table = m.key(&alter.name);
        for operation in &alter.operations {
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
                        if m.in_transaction || begun {
                            not_valid.insert((table.clone(), m.ident(name)), s.line);
                        }
                    }
                }
                AlterTableOperation::ValidateConstraint { name } => {
                    if let Some(line) = not_valid.get(&(table.clone(), m.ident(name))) {
                        let which = if m.in_transaction {
                            "the same transaction"
                        } else {
                            "the same BEGIN ... COMMIT block"
                        };
                        hits.push(
                            Hit::new(
                                s,
                                format!(
                                    "`{}` is validated in {which} that added it NOT VALID (line {line}): the scan runs while the lock ADD CONSTRAINT took is still held",
                                    name.value
                                ),
                                "commit between them: move VALIDATE CONSTRAINT to a later migration (or after the COMMIT), so it runs in a transaction of its own",
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

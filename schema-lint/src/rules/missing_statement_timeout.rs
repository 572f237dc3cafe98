//! A statement that works through a whole existing table while holding a lock that blocks its
//! writers (a rewrite, a full scan, a non-concurrent index build, an `UPDATE` or `DELETE` of
//! many rows), with no `statement_timeout` set before it. A lock timeout bounds the wait for the
//! lock; only a statement timeout bounds how long the lock is then held, so a table larger than
//! expected turns into an outage instead of a failed, retried migration. PostgreSQL.

use sqlparser::ast::{AlterColumnOperation, AlterTableOperation, Statement, TableConstraint};

use super::missing_lock_timeout::sets_timeout;
use super::Hit;
use crate::context::{plain, Migration};
use crate::parse::{Lexical, Stmt};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    for s in &m.statements {
        if sets_timeout(s, "statement_timeout").is_some() {
            return Vec::new();
        }
        if let Some((table, work)) = long_under_lock(m, s) {
            let set = if m.in_transaction {
                "SET LOCAL statement_timeout = '15min';"
            } else {
                "SET statement_timeout = '15min';"
            };
            return vec![Hit::new(
                s,
                format!("this statement {work} `{table}` while it blocks writes, with no statement_timeout set: nothing bounds how long the table stays locked if it is larger than expected"),
                format!("start the migration with `{set}` (a bound you can afford to block writes for), next to the lock timeout, so it fails and can be retried instead of running on"),
            )];
        }
    }
    Vec::new()
}

/// The existing table a statement works through while blocking its writers, and how.
fn long_under_lock(m: &Migration, s: &Stmt) -> Option<(String, &'static str)> {
    let existing = |name: &sqlparser::ast::ObjectName| (!m.is_new(name, s.index)).then(|| plain(name));
    if let Some(lexical) = s.lexical() {
        return match lexical {
            Lexical::Vacuum {
                full: true,
                table: Some(t),
            }
            | Lexical::Cluster { table: Some(t) } => {
                (!m.is_new_key(&t.to_lowercase(), s.index)).then(|| (t.clone(), "rewrites"))
            }
            Lexical::Reindex {
                concurrently: false,
                kind,
                name: Some(t),
            } if kind == "TABLE" => {
                (!m.is_new_key(&t.to_lowercase(), s.index)).then(|| (t.clone(), "rebuilds the indexes of"))
            }
            _ => None,
        };
    }
    match s.ast()? {
        Statement::AlterTable(alter) => {
            let table = existing(&alter.name)?;
            let key = m.key(&alter.name);
            alter.operations.iter().find_map(|operation| match operation {
                AlterTableOperation::AlterColumn {
                    column_name,
                    op: AlterColumnOperation::SetDataType { data_type, .. },
                } if !(super::changing_column_type::rewrites_nothing(m, s, alter, column_name, data_type)
                    || super::changing_column_type::utc_timestamptz(m, s, operation)) =>
                {
                    Some((table.clone(), "rewrites"))
                }
                AlterTableOperation::AlterColumn {
                    column_name,
                    op: AlterColumnOperation::SetNotNull,
                } if !m.proven_not_null.contains(&(s.index, key.clone(), m.ident(column_name))) => {
                    Some((table.clone(), "scans all of"))
                }
                AlterTableOperation::AddConstraint {
                    constraint: TableConstraint::Check(_) | TableConstraint::ForeignKey(_) | TableConstraint::Exclude(_),
                    not_valid: false,
                } => Some((table.clone(), "scans all of")),
                AlterTableOperation::AddConstraint {
                    constraint: TableConstraint::Unique(_) | TableConstraint::PrimaryKey(_),
                    ..
                } => Some((table.clone(), "builds an index on")),
                _ => None,
            })
        }
        Statement::CreateIndex(index) if !index.concurrently => {
            existing(&index.table_name).map(|t| (t, "builds an index on"))
        }
        _ => None,
    }
}

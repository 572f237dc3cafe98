//! A statement that waits for a heavy lock on an existing table, with no lock timeout set before
//! it in the migration.
//!
//! A lock request queues behind the transactions that hold a conflicting lock, and every later
//! query on the table queues behind the request: one long-running report turns a millisecond
//! `ALTER TABLE` into an outage. A lock timeout makes the migration fail fast instead, to be
//! retried. PostgreSQL: `SET lock_timeout`; MySQL: `SET lock_wait_timeout` (metadata locks).

use sqlparser::ast::{
    AlterTableOperation, CommentObject, ContextModifier, Expr, ObjectName, ObjectType, Set, Statement, TableConstraint,
};
use tablewright_core::Dialect;

use super::Hit;
use crate::context::{plain, Migration};
use crate::expr::{arguments, boolean_literal, calls, function_name, string_literal, strip};
use crate::parse::{Lexical, Stmt};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let setting = match m.dialect {
        Dialect::Mysql => "lock_wait_timeout",
        _ => "lock_timeout",
    };
    let mut first: Option<(&Stmt, String, &'static str)> = None;
    let mut more = 0;
    // Whether an explicit BEGIN is open (in a migration the runner does not wrap).
    let mut begun = false;
    // A transaction-local timeout set where there is no transaction: PostgreSQL ignores it.
    let mut useless_local: Option<usize> = None;
    for s in &m.statements {
        match s.ast() {
            Some(Statement::StartTransaction { .. }) => begun = true,
            Some(Statement::Commit { .. } | Statement::Rollback { savepoint: None, .. }) => begun = false,
            _ => {}
        }
        match sets_timeout(s, setting) {
            Some(Scope::Transaction) if !m.in_transaction && !begun => {
                useless_local.get_or_insert(s.line);
            }
            Some(_) => break,
            None => {}
        }
        if let Some((table, lock)) = heavy_lock(m, s) {
            if first.is_none() {
                first = Some((s, table, lock));
            } else {
                more += 1;
            }
        }
    }
    let Some((s, table, lock)) = first else {
        return Vec::new();
    };
    // An index whose table is unknown is named as `idx's table`.
    let (on, queue) = match table.strip_suffix("'s table") {
        Some(index) => (format!("the table of index `{index}`"), "that table".to_string()),
        None => (format!("`{table}`"), format!("`{table}`")),
    };
    // This lock lets reads and writes through: only the migration stalls while it waits.
    let waits = if lock == SHARE_UPDATE_EXCLUSIVE {
        format!("the migration stalls while it waits behind a VACUUM or another schema change of {queue}, and so does every schema change queued after it")
    } else {
        format!("while it waits behind a long transaction, every query on {queue} queues behind it")
    };
    let useless = useless_local
        .map(|line| {
            format!(
                " (the transaction-local one on line {line} does nothing: this migration runs outside a transaction)"
            )
        })
        .unwrap_or_default();
    let others = match more {
        0 => String::new(),
        1 => "; 1 more statement after it locks an existing table".to_string(),
        n => format!("; {n} more statements after it lock existing tables"),
    };
    let help = match m.dialect {
        Dialect::Mysql => "start the migration with `SET SESSION lock_wait_timeout = 5;` so it fails fast, to be retried, instead of stalling the application".to_string(),
        _ if m.in_transaction => "start the migration with `SET LOCAL lock_timeout = '5s';` (it lasts until the migration's transaction ends) so it fails fast, to be retried, instead of stalling the application".to_string(),
        _ => "start the migration with `SET lock_timeout = '5s';` so it fails fast, to be retried, instead of stalling the application".to_string(),
    };
    vec![Hit::new(
        s,
        format!("this statement waits for {lock} on {on} with no {setting} set{useless}: {waits}{others}"),
        help,
    )]
}

/// How long a timeout set by a statement lasts.
pub(super) enum Scope {
    Session,
    /// `SET LOCAL`, `set_config(..., true)`: until the end of the transaction.
    Transaction,
}

/// `SET [LOCAL|SESSION] lock_timeout = <not zero>` or `set_config('lock_timeout', ...)`.
pub(super) fn sets_timeout(s: &Stmt, setting: &str) -> Option<Scope> {
    let ast = s.ast()?;
    let nonzero = |value: &Expr| {
        let text = string_literal(value)
            .map(str::to_string)
            .unwrap_or_else(|| strip(value).to_string());
        let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
        !(text.eq_ignore_ascii_case("default") || digits.parse::<u64>() == Ok(0))
    };
    // `SET foo.lock_timeout` is a custom setting of that name, not the timeout.
    let named = |name: &sqlparser::ast::ObjectName| name.0.len() == 1 && plain(name).eq_ignore_ascii_case(setting);
    let scope = |modifier: &Option<ContextModifier>| match modifier {
        Some(ContextModifier::Local) => Scope::Transaction,
        _ => Scope::Session,
    };
    match ast {
        Statement::Set(Set::SingleAssignment {
            scope: modifier,
            variable,
            values,
            ..
        }) => (named(variable) && values.first().is_some_and(nonzero)).then(|| scope(modifier)),
        Statement::Set(Set::MultipleAssignments { assignments }) => assignments
            .iter()
            .find(|a| named(&a.name) && nonzero(&a.value))
            .map(|a| scope(&a.scope)),
        _ if !super::mentions_set_config(s) => None,
        _ => calls(ast).iter().find_map(|f| {
            let args = arguments(f);
            let sets = function_name(f) == "set_config"
                && args
                    .first()
                    .and_then(|a| string_literal(a))
                    .is_some_and(|n| n.eq_ignore_ascii_case(setting))
                && args.get(1).is_some_and(|v| nonzero(v));
            sets.then(|| match args.get(2).and_then(|a| boolean_literal(a)) {
                Some(true) => Scope::Transaction,
                _ => Scope::Session,
            })
        }),
    }
}

const SHARE_UPDATE_EXCLUSIVE: &str = "SHARE UPDATE EXCLUSIVE";

/// The existing table a statement locks heavily, and the lock.
fn heavy_lock(m: &Migration, s: &Stmt) -> Option<(String, &'static str)> {
    let mysql = m.dialect == Dialect::Mysql;
    let metadata = "an exclusive metadata lock";
    let existing = |name: &sqlparser::ast::ObjectName| (!m.is_new(name, s.index)).then(|| plain(name));
    if let Some(lexical) = s.lexical() {
        return match lexical {
            Lexical::Vacuum {
                full: true,
                table: Some(t),
            }
            | Lexical::Cluster { table: Some(t) } => {
                (!m.is_new_key(&t.to_lowercase(), s.index)).then(|| (t.clone(), "ACCESS EXCLUSIVE"))
            }
            Lexical::CreateTrigger { table: Some(t) } => (!m.is_new_key(&t.to_lowercase(), s.index)).then(|| {
                (
                    t.clone(),
                    if mysql {
                        metadata
                    } else {
                        "SHARE ROW EXCLUSIVE (blocking writes)"
                    },
                )
            }),
            Lexical::AlterTableMetadata { table } => {
                (!m.is_new_key(&table.to_lowercase(), s.index)).then(|| (table.clone(), metadata))
            }
            Lexical::Reindex {
                concurrently: false,
                kind,
                name: Some(name),
            } if kind == "TABLE" || kind == "INDEX" => {
                let table = match kind.as_str() {
                    "TABLE" => Some(name.to_lowercase()),
                    _ => m.index_tables.get(&name.to_lowercase()).cloned(),
                };
                match table {
                    Some(t) if m.is_new_key(&t, s.index) => None,
                    Some(t) => Some((t, "SHARE (blocking writes)")),
                    None => Some((format!("{name}'s table"), "SHARE (blocking writes)")),
                }
            }
            Lexical::Comment { table: Some(t) } => {
                (!m.is_new_key(&t.to_lowercase(), s.index)).then(|| (t.clone(), SHARE_UPDATE_EXCLUSIVE))
            }
            _ => None,
        };
    }
    match s.ast()? {
        Statement::AlterTable(alter) => {
            let table = existing(&alter.name)?;
            let operations = &alter.operations;
            if operations
                .iter()
                .all(|o| matches!(o, AlterTableOperation::ValidateConstraint { .. }))
            {
                return None;
            }
            let only_foreign_keys = operations.iter().all(|o| {
                matches!(
                    o,
                    AlterTableOperation::AddConstraint {
                        constraint: TableConstraint::ForeignKey(_),
                        ..
                    }
                )
            });
            Some((
                table,
                if mysql {
                    metadata
                } else if only_foreign_keys {
                    "SHARE ROW EXCLUSIVE (blocking writes)"
                } else {
                    "ACCESS EXCLUSIVE"
                },
            ))
        }
        Statement::Drop {
            object_type,
            names,
            table,
            ..
        } => match object_type {
            ObjectType::Table => names
                .iter()
                .find_map(existing)
                .map(|t| (t, if mysql { metadata } else { "ACCESS EXCLUSIVE" })),
            ObjectType::Index => {
                if let Some(table) = table {
                    return existing(table).map(|t| (t, metadata));
                }
                names.iter().find_map(|index| match m.index_table(index) {
                    Some(t) if m.is_new_key(t, s.index) => None,
                    Some(t) => Some((
                        m.after.tables.get(t).map_or_else(|| t.to_string(), |f| f.name.clone()),
                        "ACCESS EXCLUSIVE",
                    )),
                    None => Some((format!("{}'s table", plain(index)), "ACCESS EXCLUSIVE")),
                })
            }
            _ => None,
        },
        Statement::Truncate(truncate) => truncate
            .table_names
            .iter()
            .find_map(|t| existing(&t.name))
            .map(|t| (t, if mysql { metadata } else { "ACCESS EXCLUSIVE" })),
        Statement::CreateIndex(index) if !index.concurrently => {
            existing(&index.table_name).map(|t| (t, if mysql { metadata } else { "SHARE (blocking writes)" }))
        }
        Statement::CreatePolicy(policy) if !mysql => existing(&policy.table_name).map(|t| (t, "ACCESS EXCLUSIVE")),
        Statement::AlterPolicy(policy) if !mysql => existing(&policy.table_name).map(|t| (t, "ACCESS EXCLUSIVE")),
        Statement::DropPolicy(policy) if !mysql => existing(&policy.table_name).map(|t| (t, "ACCESS EXCLUSIVE")),
        Statement::CreateTrigger(trigger) => existing(&trigger.table_name).map(|t| {
            (
                t,
                if mysql {
                    metadata
                } else {
                    "SHARE ROW EXCLUSIVE (blocking writes)"
                },
            )
        }),
        Statement::DropTrigger(trigger) => trigger
            .table_name
            .as_ref()
            .and_then(existing)
            .map(|t| (t, if mysql { metadata } else { "ACCESS EXCLUSIVE" })),
        Statement::RenameTable(renames) => renames
            .iter()
            .find_map(|r| existing(&r.old_name))
            .map(|t| (t, metadata)),
        Statement::Comment {
            object_type: CommentObject::Table | CommentObject::Column,
            object_name,
            ..
        } if !mysql => {
            // A column's name is table.column.
            let parts = &object_name.0;
            let table = match s.ast() {
                Some(Statement::Comment {
                    object_type: CommentObject::Column,
                    ..
                }) if parts.len() >= 2 => ObjectName(parts[..parts.len() - 1].to_vec()),
                _ => object_name.clone(),
            };
            existing(&table).map(|t| (t, SHARE_UPDATE_EXCLUSIVE))
        }
        Statement::Lock(lock) => lock.tables.iter().find_map(|t| existing(&t.name)).map(|t| {
            (
                t,
                "the lock LOCK TABLE asks for (ACCESS EXCLUSIVE unless a mode is given)",
            )
        }),
        Statement::Vacuum(vacuum) if vacuum.full => vacuum
            .table_name
            .as_ref()
            .and_then(existing)
            .map(|t| (t, "ACCESS EXCLUSIVE")),
        _ => None,
    }
}

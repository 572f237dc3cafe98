//! One `UPDATE` that fills a column of an existing table for every row at once: the column added
//! earlier in the same migration, or `WHERE column IS NULL` on the column it sets. On a large
//! table that one statement locks every row it touches until the migration commits (writers to
//! those rows wait, and in the runner's transaction so does everything after it), writes a new
//! version of every row at once (bloat, replication lag), and fails or succeeds as a whole.
//! (`UPDATE` without any `WHERE` is `update-without-where`.)

use std::collections::HashSet;

use sqlparser::ast::{AlterTableOperation, Assignment, AssignmentTarget, BinaryOperator, Expr, Statement, TableFactor};

use super::Hit;
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    // (table key, column key) of the columns this migration added to existing tables.
    let mut added: HashSet<(String, String)> = HashSet::new();
    for (s, ast) in m.parsed() {
        match ast {
            Statement::AlterTable(alter) if !m.is_new(&alter.name, s.index) => {
                for operation in &alter.operations {
                    if let AlterTableOperation::AddColumn { column_def, .. } = operation {
                        added.insert((m.key(&alter.name), m.ident(&column_def.name)));
                    }
                }
            }
            Statement::Update(update) => {
                let TableFactor::Table { name, .. } = &update.table.relation else {
                    continue;
                };
                let Some(selection) = &update.selection else {
                    continue; // update-without-where
                };
                if m.is_new(name, s.index) || update.limit.is_some() {
                    continue;
                }
                let table = m.key(name);
                let columns: Vec<String> = update.assignments.iter().filter_map(|a| column(m, a)).collect();
                let fills_new = columns.iter().find(|c| added.contains(&(table.clone(), (*c).clone())));
                let fills_nulls = columns.first().filter(|_| null_tests_only(m, selection, &columns));
                let Some(column) = fills_new.or(fills_nulls) else {
                    continue;
                };
                hits.push(Hit::new(
                    s,
                    format!(
                        "this UPDATE fills `{}.{column}` for every row of `{}` in one statement: on a large table it locks every row until the migration commits and writes them all at once",
                        plain(name),
                        plain(name)
                    ),
                    "backfill in batches of a few thousand rows by key range, each batch in its own transaction (a migration with run_in_transaction = false, or a job outside the migrations), as Tablewright's generated backfills do",
                ));
            }
            _ => {}
        }
    }
    hits
}

/// The column an assignment sets.
fn column(m: &Migration, assignment: &Assignment) -> Option<String> {
    match &assignment.target {
        AssignmentTarget::ColumnName(name) => name.0.last()?.as_ident().map(|i| m.ident(i)),
        AssignmentTarget::Tuple(_) => None,
    }
}

/// `WHERE column IS NULL` on the columns it sets (several joined with AND or OR): a condition
/// that picks every row still to fill, not a batch.
fn null_tests_only(m: &Migration, selection: &Expr, columns: &[String]) -> bool {
    match selection {
        Expr::IsNull(inner) => match inner.as_ref() {
            Expr::Identifier(ident) => columns.contains(&m.ident(ident)),
            Expr::CompoundIdentifier(parts) => parts.last().is_some_and(|i| columns.contains(&m.ident(i))),
            _ => false,
        },
        Expr::Nested(inner) => null_tests_only(m, inner, columns),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And | BinaryOperator::Or,
            right,
        } => null_tests_only(m, left, columns) && null_tests_only(m, right, columns),
        _ => false,
    }
}

//! Statements PostgreSQL refuses inside a transaction block (`CREATE INDEX CONCURRENTLY`,
//! `DROP INDEX CONCURRENTLY`, `REINDEX ... CONCURRENTLY`, `VACUUM`, `CREATE DATABASE`, ...), in a
//! migration that runs inside one: diesel's default `run_in_transaction = true`, or after an
//! explicit `BEGIN`. The migration fails at that statement.

use sqlparser::ast::Statement;
use tablewright_core::sql::needs_own_transaction;

use super::Hit;
use crate::context::Migration;
use crate::parse::Lexical;

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut begin: Option<usize> = None;
    for s in &m.statements {
        match s.ast() {
            Some(Statement::StartTransaction { .. }) => begin = Some(s.line),
            Some(Statement::Commit { .. } | Statement::Rollback { savepoint: None, .. }) => begin = None,
            _ => {}
        }
        let refused = match (s.ast(), s.lexical()) {
            (Some(Statement::CreateIndex(index)), _) => index.concurrently,
            (_, Some(Lexical::DropIndexConcurrently { .. } | Lexical::Vacuum { .. })) => true,
            // REINDEX SCHEMA, DATABASE and SYSTEM are refused in a transaction block even without
            // CONCURRENTLY.
            (_, Some(Lexical::Reindex { concurrently, kind, .. })) => {
                *concurrently || ["SCHEMA", "DATABASE", "SYSTEM"].contains(&kind.as_str())
            }
            (_, Some(Lexical::DetachPartition { concurrently, .. })) => *concurrently,
            _ => needs_own_transaction(&s.text),
        };
        if !refused {
            continue;
        }
        let why = if m.in_transaction {
            "this migration runs in one (run_in_transaction = true, diesel's default)".to_string()
        } else if let Some(line) = begin {
            format!("it follows the BEGIN on line {line}")
        } else {
            continue;
        };
        let what: Vec<&str> = s.text.split_whitespace().take(6).collect();
        let what = match what.iter().position(|w| w.eq_ignore_ascii_case("CONCURRENTLY")) {
            Some(i) => what[..=i].join(" "),
            None if what.first().is_some_and(|w| w.eq_ignore_ascii_case("REINDEX")) => {
                what[..what.len().min(2)].join(" ")
            }
            None => what[..1].join(" "),
        }
        .to_ascii_uppercase();
        hits.push(Hit::new(
            s,
            format!("PostgreSQL refuses {what} inside a transaction block, and {why}: the migration fails here"),
            "move it to a migration of its own whose metadata.toml says run_in_transaction = false (Tablewright's runner then runs its statements one by one), without BEGIN/COMMIT",
        ));
    }
    hits
}

//! `BEGIN`, `COMMIT` or `ROLLBACK` in a migration the runner already wraps in a transaction
//! (`run_in_transaction = true`, diesel's default). PostgreSQL warns on the `BEGIN` and the
//! `COMMIT` ends the runner's transaction early, so a failure after it leaves the migration
//! half-applied; MySQL's `BEGIN` commits implicitly; SQLite refuses the nested `BEGIN`.

use sqlparser::ast::Statement;
use tablewright_core::Dialect;

use super::Hit;
use crate::context::Migration;

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    if !m.in_transaction {
        return outside_transaction(m);
    }
    let mut hits = Vec::new();
    for (s, ast) in m.parsed() {
        let what: String = s
            .text
            .split_whitespace()
            .take(2)
            .map(str::to_ascii_uppercase)
            .filter(|w| w != "WORK" && !w.ends_with(';'))
            .collect::<Vec<_>>()
            .join(" ");
        let what = match what.split_whitespace().next() {
            Some("START") => "START TRANSACTION".to_string(),
            Some(first) => first.to_string(),
            None => continue,
        };
        let message = match ast {
            Statement::StartTransaction { .. } => match m.dialect {
                Dialect::Postgres => format!("{what} inside the transaction the runner already opened for this migration: PostgreSQL ignores it with a warning, and the COMMIT that goes with it ends the runner's transaction early"),
                Dialect::Mysql => format!("{what} inside the runner's transaction commits it implicitly: what ran before it is committed on its own, and what follows is no longer atomic with it"),
                Dialect::Sqlite => format!("{what} inside the runner's transaction fails on SQLite (\"cannot start a transaction within a transaction\")"),
            },
            Statement::Commit { .. } => format!("{what} ends the transaction the runner opened for this migration: a failure after it leaves the migration half-applied and unrecorded"),
            Statement::Rollback { savepoint: None, .. } => format!("{what} ends the transaction the runner opened for this migration: what ran before it is undone, what follows runs outside any transaction, and the runner still records the migration as applied"),
            _ => continue,
        };
        hits.push(Hit::new(
            s,
            message,
            "remove BEGIN and COMMIT: the runner wraps every migration in one transaction (metadata.toml: run_in_transaction = true); statements that must run outside one go in a migration with run_in_transaction = false",
        ));
    }
    hits
}

/// In a migration the runner does not wrap (`run_in_transaction = false`), explicit transactions
/// are allowed, but a `BEGIN` inside an open one is ignored (and its `COMMIT` ends the outer one
/// early), and a `BEGIN` never committed leaves the transaction open at the end of the file: the
/// connection ends it, rolling back everything since, after the runner recorded the migration.
fn outside_transaction(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut open: Option<&crate::parse::Stmt> = None;
    for (s, ast) in m.parsed() {
        match ast {
            Statement::StartTransaction { .. } => {
                if let Some(outer) = open {
                    hits.push(Hit::new(
                        s,
                        format!("BEGIN inside the transaction opened on line {}: nested transactions do not exist, so this BEGIN is ignored (PostgreSQL warns, MySQL commits the outer one) and the first COMMIT ends both", outer.line),
                        "COMMIT the first transaction before the next BEGIN, or use SAVEPOINT for a nested step",
                    ));
                } else {
                    open = Some(s);
                }
            }
            Statement::Commit { .. } | Statement::Rollback { savepoint: None, .. } => open = None,
            _ => {}
        }
    }
    if let Some(begin) = open {
        hits.push(Hit::new(
            begin,
            "this BEGIN is never committed: the transaction is still open when the migration ends, and what it did is rolled back when the connection closes, after the runner recorded the migration as applied",
            "end the transaction with COMMIT before the end of the file",
        ));
    }
    hits
}

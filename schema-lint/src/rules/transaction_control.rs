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
        return Vec::new();
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

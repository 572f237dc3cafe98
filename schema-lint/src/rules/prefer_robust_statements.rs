//! (Opt-in style.) In a migration that runs outside a transaction (`run_in_transaction = false`),
//! a failure half-way leaves the statements before it applied; the retry runs the file again, and
//! a `CREATE` without `IF NOT EXISTS` or a `DROP` without `IF EXISTS` then fails on what the first
//! attempt did. (Inside a transaction the failure undoes everything, and none of this applies.)

use sqlparser::ast::Statement;

use super::Hit;
use crate::context::Migration;

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    if m.in_transaction {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for (s, ast) in m.parsed() {
        let fix = match ast {
            Statement::CreateTable(create) if !create.if_not_exists && !create.temporary => {
                "CREATE TABLE IF NOT EXISTS"
            }
            Statement::CreateIndex(index) if !index.if_not_exists => "CREATE INDEX ... IF NOT EXISTS",
            Statement::Drop { if_exists: false, .. } => "DROP ... IF EXISTS",
            _ => continue,
        };
        hits.push(Hit::new(
            s,
            "outside a transaction a retry after a failure runs this statement again, and it fails on what the first attempt did",
            format!("write {fix}, so the migration can be run again"),
        ));
    }
    hits
}

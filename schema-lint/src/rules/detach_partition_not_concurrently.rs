//! `ALTER TABLE ... DETACH PARTITION` without `CONCURRENTLY`: PostgreSQL takes ACCESS EXCLUSIVE on
//! the partitioned table, blocking reads and writes of every partition. PostgreSQL 14+ detaches
//! concurrently (outside a transaction block).

use super::Hit;
use crate::context::Migration;
use crate::parse::Lexical;

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for s in &m.statements {
        let Some(Lexical::DetachPartition {
            table,
            partition,
            concurrently: false,
        }) = s.lexical()
        else {
            continue;
        };
        if m.is_new_key(&table.to_lowercase(), s.index) {
            continue;
        }
        hits.push(Hit::new(
            s,
            format!("detaching partition `{partition}` without CONCURRENTLY takes ACCESS EXCLUSIVE on `{table}`: reads and writes of every partition wait"),
            format!("ALTER TABLE {table} DETACH PARTITION {partition} CONCURRENTLY; in a migration of its own whose metadata.toml says run_in_transaction = false (PostgreSQL 14+)"),
        ));
    }
    hits
}

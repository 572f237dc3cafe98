//! `DROP TABLE` of a table that exists before the migration. Its rows are gone for good: the down
//! migration can recreate the table, not its data. (Field notes, disaster 1.)
//!
//! A table whose rows an earlier statement of the migration copied or moved into another table
//! (`INSERT INTO t2 SELECT ... FROM t`, `CREATE TABLE t2 AS SELECT ... FROM t` or `AS TABLE t`,
//! `WITH moved AS (DELETE FROM t RETURNING *) INSERT INTO t2 SELECT * FROM moved`) keeps its data:
//! the backup the help asks for, and SQLite's table rebuild.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use sqlparser::ast::{visit_relations, ObjectType, SetExpr, Statement};

use super::{q, Hit};
use crate::context::{plain, Migration};

/// The tables whose rows `ast` copies (or moves) into another table: `INSERT ... SELECT`,
/// `CREATE TABLE ... AS SELECT` or `AS TABLE t`, and `WITH moved AS (DELETE ... RETURNING *)
/// INSERT ... SELECT * FROM moved`.
fn copied_by(m: &Migration, ast: &Statement, copied: &mut BTreeSet<String>) {
    let query = match ast {
        Statement::Insert(insert) => insert.source.as_deref(),
        Statement::CreateTable(create) => create.query.as_deref(),
        Statement::Query(query) if matches!(*query.body, SetExpr::Insert(_)) => Some(query.as_ref()),
        _ => None,
    };
    let Some(query) = query else { return };
    let _ = visit_relations(query, |name| {
        copied.insert(m.key(name));
        ControlFlow::<()>::Continue(())
    });
    // `TABLE t` names its table outside any relation.
    if let SetExpr::Table(table) = query.body.as_ref() {
        if let Some(name) = &table.table_name {
            copied.insert(if m.dialect == tablewright_core::Dialect::Postgres {
                name.clone()
            } else {
                name.to_lowercase()
            });
        }
    }
}

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    // Tables whose rows the statements so far copied elsewhere, gathered in one pass.
    let mut copied = BTreeSet::new();
    for (s, ast) in m.parsed() {
        copied_by(m, ast, &mut copied);
        let Statement::Drop {
            object_type: ObjectType::Table,
            names,
            ..
        } = ast
        else {
            continue;
        };
        for name in names
            .iter()
            .filter(|n| !m.is_new(n, s.index) && !copied.contains(&m.key(n)))
        {
            let table = plain(name);
            hits.push(Hit::new(
                s,
                format!("dropping table `{table}` deletes its rows for good; a down migration can recreate the table, not its data"),
                format!(
                    "keep the data so the down migration can restore it: copy it first in the same migration (CREATE TABLE {} AS SELECT * FROM {}), or rename the table and drop it in a later migration; to drop the data on purpose, opt in with `-- tablewright-lint: ignore drop-table (reason)` on the line before",
                    q(m, &format!("{table}_backup")),
                    q(m, &table)
                ),
            ));
        }
    }
    hits
}

//! `DELETE` without `WHERE` on a table that exists before the migration: every row goes, usually
//! by mistake, and a down migration cannot restore them.

use sqlparser::ast::{FromTable, Statement};

use super::Hit;
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, ast) in m.parsed() {
        let Statement::Delete(delete) = ast else { continue };
        if delete.selection.is_some() || delete.limit.is_some() {
            continue;
        }
        let tables = match &delete.from {
            FromTable::WithFromKeyword(tables) | FromTable::WithoutKeyword(tables) => tables,
        };
        for table in tables {
            let sqlparser::ast::TableFactor::Table { name, .. } = &table.relation else {
                continue;
            };
            if m.is_new(name, s.index) {
                continue;
            }
            hits.push(Hit::new(
                s,
                format!("DELETE without WHERE deletes every row of `{}`", plain(name)),
                "add the WHERE clause you meant; to empty the table on purpose, copy the rows first and opt in with `-- tablewright-lint: ignore delete-without-where (reason)` on the line before",
            ));
        }
    }
    hits
}

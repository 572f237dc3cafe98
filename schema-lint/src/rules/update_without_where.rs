//! `UPDATE` without `WHERE` on a table that exists before the migration: every row is changed,
//! usually by mistake, in one transaction that locks every row until it commits, and a down
//! migration cannot restore the old values. An `UPDATE ... FROM` joins, and is judged by its
//! `WHERE` too.

use sqlparser::ast::{Statement, TableFactor};

use super::Hit;
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, ast) in m.parsed() {
        let Statement::Update(update) = ast else { continue };
        if update.selection.is_some() || update.limit.is_some() {
            continue;
        }
        let TableFactor::Table { name, .. } = &update.table.relation else {
            continue;
        };
        if m.is_new(name, s.index) {
            continue;
        }
        hits.push(Hit::new(
            s,
            format!(
                "UPDATE without WHERE changes every row of `{}` in one transaction: every row stays locked until it commits, and the old values are gone",
                plain(name)
            ),
            "add the WHERE clause you meant; to change every row of a large table, do it in batches of a few thousand rows by key range, each in its own transaction; on purpose, opt in with `-- tablewright-lint: ignore update-without-where (reason)`",
        ));
    }
    hits
}

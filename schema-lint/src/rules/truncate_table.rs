//! `TRUNCATE` of a table that exists before the migration deletes every row at once (under
//! ACCESS EXCLUSIVE on PostgreSQL), and no down migration brings them back.
//! PostgreSQL and MySQL; SQLite has no `TRUNCATE`.

use sqlparser::ast::Statement;

use super::Hit;
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, ast) in m.parsed() {
        let Statement::Truncate(truncate) = ast else { continue };
        for target in truncate.table_names.iter().filter(|t| !m.is_new(&t.name, s.index)) {
            hits.push(Hit::new(
                s,
                format!(
                    "TRUNCATE deletes every row of `{}`, and no down migration can restore them",
                    plain(&target.name)
                ),
                "copy the rows to a backup table first if they matter, then opt in with `-- tablewright-lint: ignore truncate-table (reason)` on the line before",
            ));
        }
    }
    hits
}

//! A foreign key whose columns are not the leading columns of an index, primary key or unique
//! constraint: every delete (or key update) in the parent table scans the child table for
//! references, under lock. MySQL is exempt: InnoDB creates the index itself.
//!
//! The linter knows the indexes of the migration, and when a whole folder is linted, those of
//! every migration in it (an index built `CONCURRENTLY` in the next migration counts); one
//! created by a migration it did not read is declared with an ignore comment.

use super::{foreign_keys, q, Hit};
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, ast) in m.parsed() {
        for fk in foreign_keys(ast) {
            let key = m.final_key(&m.key(fk.table));
            let columns: Vec<String> = fk.columns.iter().map(|c| m.ident(c)).collect();
            let indexed =
                |catalog: &crate::context::Catalog| catalog.tables.get(&key).is_some_and(|t| t.is_indexed(&columns));
            if indexed(&m.after) || m.future.is_some_and(indexed) {
                continue;
            }
            let table = plain(fk.table);
            let names: Vec<&str> = fk.columns.iter().map(|c| c.value.as_str()).collect();
            let index = format!("idx_{table}_{}", names.join("_"));
            let list = names.iter().map(|c| q(m, c)).collect::<Vec<_>>().join(", ");
            let concurrently = if m.is_created_by(fk.table, s.index) || m.dialect != tablewright_core::Dialect::Postgres
            {
                ""
            } else {
                "CONCURRENTLY "
            };
            hits.push(
                Hit::new(
                    s,
                    format!(
                        "{}: no index starts with ({}), so every delete in `{}` scans `{table}` for references",
                        fk.label(),
                        names.join(", "),
                        plain(&fk.constraint.foreign_table)
                    ),
                    format!(
                        "CREATE INDEX {concurrently}{} ON {} ({list}); if an earlier migration already created one, say so: `-- tablewright-lint: ignore unindexed-foreign-key (indexed by ...)`",
                        q(m, &index),
                        q(m, &table)
                    ),
                )
                .at(fk.columns.first().and_then(|c| m.locate_ident(s, c))),
            );
        }
    }
    hits
}

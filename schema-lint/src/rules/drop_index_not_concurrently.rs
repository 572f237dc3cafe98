//! `DROP INDEX` without `CONCURRENTLY`: PostgreSQL takes ACCESS EXCLUSIVE on the index's table,
//! blocking reads and writes while the drop waits and runs. Indexes of tables created in the same
//! migration are exempt, and so are those of a table the migration drops afterwards (the
//! `DROP TABLE` takes that lock anyway).

use sqlparser::ast::{ObjectType, Statement};

use super::Hit;
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, ast) in m.parsed() {
        let Statement::Drop {
            object_type: ObjectType::Index,
            names,
            if_exists,
            ..
        } = ast
        else {
            continue;
        };
        for name in names {
            let table = m.index_table(name);
            if table.is_some_and(|t| m.is_new_key(t, s.index) || m.dropped_later(t, s.index)) {
                continue;
            }
            let on = table
                .map(|t| m.after.tables.get(t).map_or(t, |f| f.name.as_str()))
                .map(|t| format!("`{t}`"))
                .unwrap_or_else(|| "its table".to_string());
            hits.push(Hit::new(
                s,
                format!(
                    "dropping index `{}` without CONCURRENTLY takes ACCESS EXCLUSIVE on {on}: reads and writes wait while it waits and runs",
                    plain(name)
                ),
                format!(
                    "DROP INDEX CONCURRENTLY {}{name}; in a migration of its own whose metadata.toml says run_in_transaction = false",
                    if *if_exists { "IF EXISTS " } else { "" }
                ),
            ));
        }
    }
    hits
}

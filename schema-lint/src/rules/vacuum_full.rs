//! `VACUUM FULL` rewrites the table (or every table) under ACCESS EXCLUSIVE. Maintenance does not
//! belong in a migration, and this form blocks reads and writes while it runs.

use sqlparser::ast::Statement;

use super::Hit;
use crate::context::{plain, Migration};
use crate::parse::Lexical;

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for s in &m.statements {
        let table = match (s.ast(), s.lexical()) {
            (Some(Statement::Vacuum(vacuum)), _) if vacuum.full => vacuum.table_name.as_ref().map(plain),
            (_, Some(Lexical::Vacuum { full: true, table })) => table.clone(),
            _ => continue,
        };
        if table
            .as_deref()
            .is_some_and(|t| m.is_new_key(&t.to_lowercase(), s.index))
        {
            continue;
        }
        let what = table.map_or_else(|| "every table of the database".to_string(), |t| format!("`{t}`"));
        hits.push(Hit::new(
            s,
            format!("VACUUM FULL rewrites {what} under ACCESS EXCLUSIVE: reads and writes wait until it is done"),
            "reclaim the space online with pg_repack or pg_squeeze, or run a plain VACUUM (no exclusive lock), outside the migrations",
        ));
    }
    hits
}

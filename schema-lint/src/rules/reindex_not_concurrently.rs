//! `REINDEX` without `CONCURRENTLY`: rebuilding an index locks out writes to its table (and, for
//! `REINDEX INDEX`, reads that would use the index) until the rebuild is done. PostgreSQL 12+
//! rebuilds concurrently. Indexes and tables created in the same migration are exempt.

use super::Hit;
use crate::context::Migration;
use crate::parse::Lexical;

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for s in &m.statements {
        let Some(Lexical::Reindex {
            concurrently: false,
            kind,
            name,
        }) = s.lexical()
        else {
            continue;
        };
        // SYSTEM rebuilds only the catalogs, which cannot be rebuilt concurrently.
        if kind == "SYSTEM" {
            continue;
        }
        let table = match (kind.as_str(), name) {
            ("TABLE", Some(table)) => Some(table.to_lowercase()),
            ("INDEX", Some(index)) => m.index_tables.get(&index.to_lowercase()).cloned(),
            _ => None,
        };
        if table.is_some_and(|t| m.is_new_key(&t, s.index)) {
            continue;
        }
        let what = match (kind.as_str(), name) {
            ("INDEX", Some(name)) => format!("index `{name}`"),
            ("TABLE", Some(name)) => format!("every index of `{name}`"),
            (_, Some(name)) => format!("every index of {} `{name}`", kind.to_lowercase()),
            _ => "the indexes".to_string(),
        };
        let fix = s.text.replacen(kind.as_str(), &format!("{kind} CONCURRENTLY"), 1);
        hits.push(Hit::new(
            s,
            format!("REINDEX without CONCURRENTLY rebuilds {what} while writes to the table (and reads that use the index) wait"),
            format!("{fix}; in a migration of its own whose metadata.toml says run_in_transaction = false (PostgreSQL 12+)"),
        ));
    }
    hits
}

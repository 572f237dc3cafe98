//! `CLUSTER` rewrites the table in index order under ACCESS EXCLUSIVE; without a table it
//! rewrites every clustered table of the database.

use super::Hit;
use crate::context::Migration;
use crate::parse::Lexical;

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for s in &m.statements {
        let Some(Lexical::Cluster { table }) = s.lexical() else {
            continue;
        };
        if table
            .as_deref()
            .is_some_and(|t| m.is_new_key(&t.to_lowercase(), s.index))
        {
            continue;
        }
        let what = table
            .as_ref()
            .map_or_else(|| "every clustered table".to_string(), |t| format!("`{t}`"));
        hits.push(Hit::new(
            s,
            format!("CLUSTER rewrites {what} under ACCESS EXCLUSIVE: reads and writes wait until it is done"),
            "reorder online with pg_repack (--order-by), outside the migrations",
        ));
    }
    hits
}

//! `REFRESH MATERIALIZED VIEW` without `CONCURRENTLY` holds ACCESS EXCLUSIVE on the view while it
//! recomputes it: every query that reads the view waits. `CONCURRENTLY` (which needs a unique
//! index on the view) lets reads go on. A view created in the same migration is exempt.

use super::Hit;
use crate::context::Migration;
use crate::parse::Lexical;

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for s in &m.statements {
        let Some(Lexical::RefreshMaterializedView {
            name,
            concurrently: false,
        }) = s.lexical()
        else {
            continue;
        };
        if m.new_views.get(&name.to_lowercase()).is_some_and(|at| *at < s.index) {
            continue;
        }
        hits.push(Hit::new(
            s,
            format!("REFRESH MATERIALIZED VIEW `{name}` without CONCURRENTLY locks the view while it recomputes: every query that reads it waits"),
            format!("REFRESH MATERIALIZED VIEW CONCURRENTLY {name} (the view needs a unique index on plain columns)"),
        ));
    }
    hits
}

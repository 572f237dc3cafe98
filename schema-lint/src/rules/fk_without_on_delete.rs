//! A foreign key that does not say what happens ON DELETE. The default (NO ACTION) refuses to
//! delete a referenced parent, which is rarely what was decided: state RESTRICT, CASCADE or
//! SET NULL on purpose. (Field notes, disaster 3; the schema check of the same name covers YAML
//! and derives.)

use super::{foreign_keys, Hit};
use crate::context::Migration;

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, ast) in m.parsed() {
        for fk in foreign_keys(ast) {
            if fk.constraint.on_delete.is_some() {
                continue;
            }
            hits.push(
                Hit::new(
                    s,
                    format!("{} does not say what happens ON DELETE", fk.label()),
                    "state it: ON DELETE RESTRICT (refuse), CASCADE (delete the children too), SET NULL, SET DEFAULT or NO ACTION",
                )
                .at(fk.columns.first().and_then(|c| m.locate_ident(s, c))),
            );
        }
    }
    hits
}

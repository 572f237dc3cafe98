//! `ALTER DOMAIN ... ADD CONSTRAINT` checks every column of every table that uses the domain,
//! under a lock that blocks writes to them, and there is no telling from the migration how many
//! rows that is. `NOT VALID` skips the check of existing rows; `VALIDATE CONSTRAINT` later checks
//! them without blocking writes.

use super::Hit;
use crate::context::Migration;
use crate::parse::Lexical;

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for s in &m.statements {
        let Some(Lexical::AlterDomain {
            name,
            adds_constraint: true,
            not_valid: false,
        }) = s.lexical()
        else {
            continue;
        };
        hits.push(Hit::new(
            s,
            format!("adding a constraint to domain `{name}` checks every value of every column that uses it, while writes to those tables wait"),
            format!("add it NOT VALID, then in a later migration: ALTER DOMAIN {name} VALIDATE CONSTRAINT <name>"),
        ));
    }
    hits
}

//! A statement the SQL parser cannot read. Nothing else checked it, so it is reported rather than
//! silently passed.

use super::Hit;
use crate::context::Migration;
use crate::parse::Kind;

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    m.statements
        .iter()
        .filter_map(|s| match &s.kind {
            Kind::Unparsed(error) => Some(Hit::new(
                s,
                format!("cannot parse statement {}: {error}; no rule checked it", s.index + 1),
                format!(
                    "check its syntax; if it is valid {} SQL the parser does not know, review it by hand and say so: `-- tablewright-lint: ignore unparsed-statement (reason)`",
                    m.dialect
                ),
            )),
            _ => None,
        })
        .collect()
}

//! (Opt-in style.) `varchar(n)`: on PostgreSQL it stores like `text`, and raising the limit later
//! is a catalog change but lowering it rewrites the table; `text` with a `CHECK (length(x) <= n)`
//! (added `NOT VALID`) changes without a rewrite either way.

use super::{typed_columns, Hit};
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    typed_columns(m)
        .filter(|(_, _, _, ty)| {
            let ty = ty.to_string().to_lowercase();
            (ty.starts_with("varchar(") || ty.starts_with("character varying(")) && !ty.ends_with("[]")
        })
        .map(|(s, table, column, ty)| {
            Hit::new(
                s,
                format!(
                    "`{}.{}` is {ty}: changing its limit later can rewrite the table",
                    plain(table),
                    column.value
                ),
                "use text, with CHECK (length(column) <= n) where the limit matters",
            )
            .at(m.locate_ident(s, column))
        })
        .collect()
}

//! (Opt-in style.) `timestamp` without time zone stores a wall-clock reading: the same value means
//! different instants to sessions in different time zones, and a change to `timestamptz` later
//! rewrites the table (unless the session is in UTC).

use super::{typed_columns, Hit};
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    typed_columns(m)
        .filter(|(_, _, _, ty)| {
            let ty = ty.to_string().to_lowercase();
            ty == "timestamp" || ty.starts_with("timestamp(") && !ty.contains("with time zone") || ty.contains("without time zone")
        })
        .map(|(s, table, column, _)| {
            Hit::new(
                s,
                format!("`{}.{}` is a timestamp without time zone: its values mean different instants in different sessions", plain(table), column.value),
                "use timestamptz",
            )
            .at(m.locate_ident(s, column))
        })
        .collect()
}

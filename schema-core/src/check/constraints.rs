//! Constraint options each database has: deferrable unique constraints (PostgreSQL), deferrable
//! foreign keys (PostgreSQL and SQLite). MySQL and MariaDB check every constraint per row, so a
//! schema that relies on checking later is refused there rather than built differently.

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::Table;

pub(super) fn check(table: &Table, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    let Some(dialect) = dialect else { return };
    for unique in table.uniques.iter().filter(|u| u.deferrable.is_some()) {
        if dialect != Dialect::Postgres {
            found.push(
                Diagnostic::error(
                    "unsupported-feature",
                    unique.origin.key("deferrable"),
                    format!(
                        "unique constraint `{}` is deferrable, and {dialect} checks unique constraints on every row",
                        unique.name
                    ),
                )
                .help("remove `deferrable` (the constraint is checked per row), or target postgres"),
            );
        }
    }
    for fk in table.foreign_keys.iter().filter(|f| f.deferrable.is_some()) {
        if dialect == Dialect::Mysql {
            found.push(
                Diagnostic::error(
                    "unsupported-feature",
                    fk.origin.key("deferrable"),
                    format!(
                        "foreign key `{}` is deferrable, and {dialect} checks foreign keys on every row",
                        fk.name
                    ),
                )
                .help("remove `deferrable` (the key is checked per row), or target postgres or sqlite"),
            );
        }
    }
}

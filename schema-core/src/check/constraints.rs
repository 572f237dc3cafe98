//! Constraint options each database has: deferrable unique constraints (PostgreSQL), deferrable
//! foreign keys (PostgreSQL and SQLite), checks and foreign keys that stay `NOT VALID`
//! (PostgreSQL). Elsewhere a schema that relies on them is refused rather than built differently.
//! MySQL and MariaDB check every constraint per row, and every existing row when it is added;
//! SQLite checks the rows when its table is rebuilt.

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::Table;

pub(super) fn check(table: &Table, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    let Some(dialect) = dialect else { return };
    if let Some(pk) = &table.primary_key {
        if dialect == Dialect::Mysql && pk.name != crate::model::naming::primary_key(&table.name) {
            found.push(
                Diagnostic::error(
                    "unsupported-feature",
                    table.origin.key("primary_key_name"),
                    format!(
                        "the primary key of `{}` is named `{}`, and mysql names every primary key PRIMARY",
                        table.name, pk.name
                    ),
                )
                .help("remove the name, or target postgres or sqlite"),
            );
        }
    }
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
    if dialect != Dialect::Postgres {
        let checks = table
            .checks
            .iter()
            .filter(|c| c.not_valid)
            .map(|c| ("check", &c.name, &c.origin));
        let keys = table
            .foreign_keys
            .iter()
            .filter(|f| f.not_valid)
            .map(|f| ("foreign key", &f.name, &f.origin));
        for (what, name, origin) in checks.chain(keys) {
            found.push(
                Diagnostic::error(
                    "unsupported-feature",
                    origin.key("not_valid"),
                    format!("{what} `{name}` is not_valid, and {dialect} has no NOT VALID constraints"),
                )
                .help("remove `not_valid` (every existing row is checked when it is added), or target postgres"),
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

//! The quoting rules a migration is written for, on the connection that applies it.
//!
//! Generated migrations quote every literal so that it reads the same under any setting, but
//! hand-written ones, and the statement splitter, assume the defaults: PostgreSQL's
//! `standard_conforming_strings = on` (a backslash is a plain character in `'...'`), and MySQL
//! without `NO_BACKSLASH_ESCAPES` (a backslash escapes). A database or server configured
//! otherwise would read `'C:\'` differently from the splitter, and a string could end where the
//! migration's author did not mean it to. So the migrator sets the defaults for the duration of
//! its work, and puts back what the connection had after.

use tablewright_runtime_core::Dialect;

use super::{Database, MigrateError};

/// Runs `work` with the default quoting rules on `conn`, then restores the connection's own.
pub fn with_default_quoting<C: Database, T>(
    conn: &mut C,
    work: impl FnOnce(&mut C) -> Result<T, MigrateError>,
) -> Result<T, MigrateError> {
    let (read, set, restore): (&str, &str, fn(&str) -> String) = match C::DIALECT {
        Dialect::Sqlite => return work(conn),
        Dialect::Postgres => (
            "SELECT current_setting('standard_conforming_strings') AS a, NULL AS b",
            "SET standard_conforming_strings = on",
            |was| format!("SET standard_conforming_strings = {}", if was == "off" { "off" } else { "on" }),
        ),
        Dialect::Mysql => (
            "SELECT @@SESSION.sql_mode AS a, NULL AS b",
            "SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), ',NO_BACKSLASH_ESCAPES,', ','))",
            |was| format!("SET SESSION sql_mode = '{}'", was.replace('\'', "''").replace('\\', "")),
        ),
    };
    let was = conn
        .pairs(read)?
        .into_iter()
        .next()
        .and_then(|p| p.a)
        .unwrap_or_default();
    conn.batch_execute(set)?;
    let result = work(conn);
    let restored = conn.batch_execute(&restore(&was));
    let value = result?;
    restored?;
    Ok(value)
}

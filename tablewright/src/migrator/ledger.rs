//! Tablewright's own bookkeeping, next to diesel's `__diesel_schema_migrations` (which stays the
//! record of what is applied, so the diesel CLI keeps working):
//!
//! - `__tablewright_ledger`: the checksum of every applied migration, and who applied it when;
//! - `__tablewright_progress`: the statements already run of a non-transactional migration that
//!   has not finished, so a restart resumes after them instead of running them twice (on
//!   PostgreSQL created by the first such migration, see [`progress_up_front`]).

use tablewright_runtime_core::sql::quote::literal;
use tablewright_runtime_core::{Dialect, MAX_LEDGER_KEY_LEN};

use super::scope::Scope;
use crate::{Database, MigrateError, MigrationFile};

pub const LEDGER: &str = "__tablewright_ledger";
pub const PROGRESS: &str = "__tablewright_progress";

/// The `CREATE TABLE` of bookkeeping table `table` ([`LEDGER`] or [`PROGRESS`]).
pub fn create_table(dialect: Dialect, table: &str) -> String {
    if table == LEDGER {
        let text = long_text(dialect);
        format!(
            "CREATE TABLE IF NOT EXISTS {LEDGER} (
            version VARCHAR({MAX_LEDGER_KEY_LEN}) NOT NULL PRIMARY KEY,
            name VARCHAR(255) NOT NULL,
            checksum CHAR(64) NOT NULL,
            tool_version VARCHAR(32) NOT NULL,
            applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
            draft SMALLINT NOT NULL DEFAULT 0,
            down_sql {text}
        )"
        )
    } else {
        format!(
            "CREATE TABLE IF NOT EXISTS {PROGRESS} (
            version VARCHAR({MAX_LEDGER_KEY_LEN}) NOT NULL,
            statement INTEGER NOT NULL,
            checksum CHAR(64),
            done SMALLINT NOT NULL DEFAULT 1,
            PRIMARY KEY (version, statement)
        )"
        )
    }
}

/// Columns added to the bookkeeping tables after their first release, with their definitions: a
/// table created before them gets them on the next run that takes the lock.
pub fn added_columns(dialect: Dialect) -> [(&'static str, &'static str, String); 4] {
    [
        (LEDGER, "draft", "SMALLINT NOT NULL DEFAULT 0".to_string()),
        (LEDGER, "down_sql", long_text(dialect).to_string()),
        (PROGRESS, "checksum", "CHAR(64)".to_string()),
        (PROGRESS, "done", "SMALLINT NOT NULL DEFAULT 1".to_string()),
    ]
}

/// The columns of both bookkeeping tables, one per row: the table in `a`, the column in `b`.
/// One query for both: a migrating start reads it before anything else. (PostgreSQL: from its
/// own catalog, which answers in a fraction of the time of `information_schema`'s views.)
pub fn select_columns(dialect: Dialect) -> String {
    match dialect {
        Dialect::Postgres => format!(
            "SELECT CAST(c.relname AS TEXT) AS a, CAST(a.attname AS TEXT) AS b FROM pg_catalog.pg_attribute a \
             JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = current_schema() AND c.relname IN ('{LEDGER}', '{PROGRESS}') AND a.attnum > 0 AND NOT a.attisdropped"
        ),
        Dialect::Mysql => format!(
            "SELECT CAST(table_name AS CHAR) AS a, CAST(column_name AS CHAR) AS b FROM information_schema.columns \
             WHERE table_schema = DATABASE() AND table_name IN ('{LEDGER}', '{PROGRESS}')"
        ),
        Dialect::Sqlite => format!(
            "SELECT '{LEDGER}' AS a, name AS b FROM pragma_table_info('{LEDGER}') \
             UNION ALL SELECT '{PROGRESS}' AS a, name AS b FROM pragma_table_info('{PROGRESS}')"
        ),
    }
}

pub fn add_column(table: &str, name: &str, definition: &str) -> String {
    format!("ALTER TABLE {table} ADD COLUMN {name} {definition}")
}

/// Text of any length (MySQL's TEXT stops at 64 KiB).
fn long_text(dialect: Dialect) -> &'static str {
    if dialect == Dialect::Mysql {
        "LONGTEXT"
    } else {
        "TEXT"
    }
}

/// Whether [`prepare`] creates `__tablewright_progress` with the ledger. MySQL marks the
/// statements of every migration; on PostgreSQL only non-transactional migrations need marks,
/// so a fresh start that runs none is spared the table (the first one that runs creates it, in
/// the transaction of its first mark). SQLite never runs a migration statement by statement, but
/// keeps the table it always had.
pub fn progress_up_front(dialect: Dialect) -> bool {
    dialect != Dialect::Postgres
}

/// Creates the ledger's tables, or brings a ledger written by an earlier version up to date: what
/// is there is read first, so a database that has them is not written to.
pub fn prepare<C: Database>(conn: &mut C) -> Result<Prepared, MigrateError> {
    let existing: Vec<(String, String)> = conn
        .pairs(&select_columns(C::DIALECT))?
        .into_iter()
        .filter_map(|p| Some((p.a?, p.b?)))
        .collect();
    let exists = |table: &str| existing.iter().any(|(t, _)| t.eq_ignore_ascii_case(table));
    let missing: Vec<String> = [LEDGER, PROGRESS]
        .into_iter()
        .filter(|table| *table == LEDGER || progress_up_front(C::DIALECT))
        .filter(|table| !exists(table))
        .map(|table| create_table(C::DIALECT, table))
        .collect();
    if !missing.is_empty() {
        conn.batch_execute(&missing.join(";\n"))?;
    }
    for (table, name, definition) in added_columns(C::DIALECT) {
        let present = (existing.iter()).any(|(t, c)| t.eq_ignore_ascii_case(table) && c.eq_ignore_ascii_case(name));
        if exists(table) && !present {
            conn.batch_execute(&add_column(table, name, &definition))?;
        }
    }
    Ok(Prepared {
        fresh: !exists(LEDGER) && !exists(PROGRESS),
        progress_table: exists(PROGRESS) || progress_up_front(C::DIALECT),
    })
}

/// What [`prepare`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prepared {
    /// No bookkeeping table was there: the ones there now have no rows to read.
    pub fresh: bool,
    /// Whether `__tablewright_progress` exists now (see [`progress_up_front`]).
    pub progress_table: bool,
}

/// Records `file` as applied in `scope` (see [`record`]).
pub fn insert<C: Database>(conn: &mut C, file: &MigrationFile, scope: Scope<'_>) -> Result<(), MigrateError> {
    conn.execute_with_texts(&record(C::DIALECT), &record_values(file, scope))?;
    Ok(())
}

pub fn select_checksums() -> String {
    format!("SELECT version AS a, checksum AS b FROM {LEDGER}")
}

/// When each migration was recorded, as text (`b`) by ledger key (`a`).
pub fn select_applied_at(dialect: Dialect) -> String {
    // MySQL has no CAST to TEXT; a bare CHAR is one character long on PostgreSQL.
    let text = if dialect == Dialect::Mysql { "CHAR" } else { "TEXT" };
    format!("SELECT version AS a, CAST(applied_at AS {text}) AS b FROM {LEDGER}")
}

/// Every version diesel's table records as applied, with the ledger's checksum of it (`NULL`:
/// none recorded).
pub fn select_applied_with_checksums() -> String {
    format!(
        "SELECT d.version AS a, l.checksum AS b FROM __diesel_schema_migrations d \
         LEFT JOIN {LEDGER} l ON l.version = d.version"
    )
}

/// Every row, as [`Entry`].
#[cfg(any(feature = "postgres", feature = "mysql", feature = "sqlite"))]
pub fn select_entries() -> String {
    format!("SELECT version, name, checksum, draft, down_sql FROM {LEDGER} ORDER BY version")
}

/// A row of the ledger.
#[derive(diesel::QueryableByName, Clone, Debug)]
pub struct Entry {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub version: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub checksum: String,
    /// Applied as a draft by a development build: it may be followed when the draft changes.
    #[diesel(sql_type = diesel::sql_types::SmallInt)]
    pub draft: i16,
    /// The down SQL it was applied with, to revert exactly what ran.
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub down_sql: Option<String>,
}

/// Records a migration as applied: its checksum, whether it was a draft, and its down SQL. The
/// values are bound as parameters ([`record_values`]), so no server setting changes them.
pub fn record(dialect: Dialect) -> String {
    let p = |n: usize| match dialect {
        Dialect::Postgres => format!("${n}"),
        Dialect::Mysql | Dialect::Sqlite => "?".to_string(),
    };
    format!(
        "INSERT INTO {LEDGER} (version, name, checksum, tool_version, draft, down_sql) VALUES ({}, {}, {}, {}, CASE WHEN {} = '1' THEN 1 ELSE 0 END, {})",
        p(1),
        p(2),
        p(3),
        p(4),
        p(5),
        p(6)
    )
}

/// [`record`] with its values written as literals, to send in one batch with the statements
/// around it: only where the migrator has set the session's quoting rules
/// ([`with_default_quoting`](super::session::with_default_quoting)), under which
/// [`literal`] means the same on every server.
fn record_literal(dialect: Dialect, file: &MigrationFile, scope: Scope<'_>) -> String {
    let [version, name, checksum, tool, draft, down] = record_values(file, scope);
    let text = |value: Option<String>| value.map_or("NULL".to_string(), |v| literal(dialect, &v));
    format!(
        "INSERT INTO {LEDGER} (version, name, checksum, tool_version, draft, down_sql) VALUES ({}, {}, {}, {}, {}, {})",
        text(version),
        text(name),
        text(checksum),
        text(tool),
        if draft.as_deref() == Some("1") { 1 } else { 0 },
        text(down)
    )
}

/// The statements recording `file` as applied in `scope`, as literals ([`record_literal`]):
/// diesel's row for the sets that keep one, then the ledger's.
pub fn applied(dialect: Dialect, file: &MigrationFile, scope: Scope<'_>) -> Vec<String> {
    let diesel = scope.in_diesel().then(|| record_in_diesel(dialect, &file.version()));
    diesel
        .into_iter()
        .chain([record_literal(dialect, file, scope)])
        .collect()
}

/// The values [`record`] binds for `file`.
pub fn record_values(file: &MigrationFile, scope: Scope<'_>) -> [Option<String>; 6] {
    [
        Some(scope.key(&file.version())),
        Some(file.name().to_string()),
        Some(file.checksum()),
        Some(env!("CARGO_PKG_VERSION").to_string()),
        Some(if file.is_draft() { "1" } else { "0" }.to_string()),
        file.down().map(str::to_string),
    ]
}

pub fn forget(dialect: Dialect, version: &str) -> String {
    format!("DELETE FROM {LEDGER} WHERE version = {}", literal(dialect, version))
}

/// The progress rows of every migration, as [`Progress`].
#[cfg(any(feature = "postgres", feature = "mysql", feature = "sqlite"))]
pub fn select_progress() -> String {
    format!("SELECT version, statement, checksum, done FROM {PROGRESS} ORDER BY version, statement")
}

/// A statement of a migration run one statement at a time, started or done.
#[derive(diesel::QueryableByName, Clone, Debug)]
pub struct Progress {
    /// The migration's ledger key.
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub version: String,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub statement: i32,
    /// The statement's checksum (`None` in rows written before checksums were recorded).
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub checksum: Option<String>,
    /// 0: started, and not known to have completed (MySQL only).
    #[diesel(sql_type = diesel::sql_types::SmallInt)]
    pub done: i16,
}

/// Records statement `statement` of `version` done (PostgreSQL: in the statement's transaction).
pub fn record_done(dialect: Dialect, version: &str, statement: usize, checksum: &str) -> String {
    format!(
        "INSERT INTO {PROGRESS} (version, statement, checksum, done) VALUES ({}, {statement}, {}, 1)",
        literal(dialect, version),
        literal(dialect, checksum)
    )
}

/// Marks started the statements `rows` (index, checksum) of `version`, in one statement (`None`:
/// no rows).
pub fn record_started(dialect: Dialect, version: &str, rows: &[(usize, &str)]) -> Option<String> {
    if rows.is_empty() {
        return None;
    }
    let version = literal(dialect, version);
    let values: Vec<String> = (rows.iter())
        .map(|(statement, checksum)| format!("({version}, {statement}, {}, 0)", literal(dialect, checksum)))
        .collect();
    Some(format!(
        "INSERT INTO {PROGRESS} (version, statement, checksum, done) VALUES {}",
        values.join(", ")
    ))
}

/// Marks the statements `statements` of `version` done.
pub fn mark_progress_done(dialect: Dialect, version: &str, statements: std::ops::Range<usize>) -> String {
    format!(
        "UPDATE {PROGRESS} SET done = 1 WHERE version = {} AND statement >= {} AND statement < {}",
        literal(dialect, version),
        statements.start,
        statements.end
    )
}

/// Removes the started marks of statement `from` and every later one of `version`.
pub fn forget_progress_from(dialect: Dialect, version: &str, from: usize) -> String {
    format!(
        "DELETE FROM {PROGRESS} WHERE version = {} AND statement >= {from} AND done = 0",
        literal(dialect, version)
    )
}

pub fn forget_progress(dialect: Dialect, version: &str, statement: usize) -> String {
    format!(
        "DELETE FROM {PROGRESS} WHERE version = {} AND statement = {statement}",
        literal(dialect, version)
    )
}

/// A migration applied as a draft that has been sealed since, unchanged.
pub fn mark_sealed(dialect: Dialect, version: &str) -> String {
    format!(
        "UPDATE {LEDGER} SET draft = 0 WHERE version = {}",
        literal(dialect, version)
    )
}

/// The versions diesel's `__diesel_schema_migrations` records as applied (what diesel's own
/// harness reads, without linking it).
pub fn diesel_versions<C: Database>(conn: &mut C) -> Result<Vec<String>, MigrateError> {
    let rows = conn.pairs("SELECT version AS a, NULL AS b FROM __diesel_schema_migrations")?;
    Ok(rows.into_iter().filter_map(|row| row.a).collect())
}

pub fn forget_in_diesel(dialect: Dialect, version: &str) -> String {
    format!(
        "DELETE FROM __diesel_schema_migrations WHERE version = {}",
        literal(dialect, version)
    )
}

pub fn clear_progress(dialect: Dialect, version: &str) -> String {
    format!("DELETE FROM {PROGRESS} WHERE version = {}", literal(dialect, version))
}

/// Records a migration as applied in diesel's own table (for migrations run statement by
/// statement, which do not go through diesel's harness).
pub fn record_in_diesel(dialect: Dialect, version: &str) -> String {
    format!(
        "INSERT INTO __diesel_schema_migrations (version) VALUES ({})",
        literal(dialect, version)
    )
}

#[cfg(test)]
mod tests {
    /// The checks refuse a schema table with the name of one of these (`reserved-name`).
    #[test]
    fn the_bookkeeping_tables_are_reserved_names() {
        for table in [super::LEDGER, super::PROGRESS, "__diesel_schema_migrations"] {
            assert!(
                tablewright_runtime_core::catalog::reserved_table(table).is_some(),
                "{table}"
            );
        }
    }
}

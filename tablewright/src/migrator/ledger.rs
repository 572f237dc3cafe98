//! Tablewright's own bookkeeping, next to diesel's `__diesel_schema_migrations` (which stays the
//! record of what is applied, so the diesel CLI keeps working):
//!
//! - `__tablewright_ledger`: the checksum of every applied migration, and who applied it when;
//! - `__tablewright_progress`: the statements already run of a non-transactional migration that
//!   has not finished, so a restart resumes after them instead of running them twice.

use tablewright_core::dialect::Dialect;
use tablewright_core::sql::quote::literal;

pub const LEDGER: &str = "__tablewright_ledger";
pub const PROGRESS: &str = "__tablewright_progress";

pub fn create_tables() -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {LEDGER} (
            version VARCHAR(50) NOT NULL PRIMARY KEY,
            name VARCHAR(255) NOT NULL,
            checksum CHAR(64) NOT NULL,
            tool_version VARCHAR(32) NOT NULL,
            applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
        );
        CREATE TABLE IF NOT EXISTS {PROGRESS} (
            version VARCHAR(50) NOT NULL,
            statement INTEGER NOT NULL,
            PRIMARY KEY (version, statement)
        );"
    )
}

pub fn select_checksums() -> String {
    format!("SELECT version AS a, checksum AS b FROM {LEDGER}")
}

pub fn record(dialect: Dialect, version: &str, name: &str, checksum: &str) -> String {
    format!(
        "INSERT INTO {LEDGER} (version, name, checksum, tool_version) VALUES ({}, {}, {}, {})",
        literal(dialect, version),
        literal(dialect, name),
        literal(dialect, checksum),
        literal(dialect, env!("CARGO_PKG_VERSION"))
    )
}

pub fn forget(dialect: Dialect, version: &str) -> String {
    format!("DELETE FROM {LEDGER} WHERE version = {}", literal(dialect, version))
}

pub fn select_progress(dialect: Dialect, version: &str) -> String {
    format!(
        "SELECT CAST(statement AS CHAR(12)) AS a, version AS b FROM {PROGRESS} WHERE version = {}",
        literal(dialect, version)
    )
    .replace(
        "CHAR(12)",
        if dialect == Dialect::Postgres {
            "TEXT"
        } else {
            "CHAR(12)"
        },
    )
}

pub fn record_progress(dialect: Dialect, version: &str, statement: usize) -> String {
    format!(
        "INSERT INTO {PROGRESS} (version, statement) VALUES ({}, {statement})",
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

//! The names Tablewright gives to objects the user did not name. They follow PostgreSQL's own
//! choices (`lots_pkey`, `lots_location_id_fkey`, `lots_quality_status_check`) so a generated
//! schema reads like a hand-written one, and the seed's `idx_<table>_<columns>` for indexes.

// Shared with the runtime, which reads a SQLite constraint nobody named under these names.
pub use tablewright_runtime_core::catalog::normal_form::default_names::{foreign_key, primary_key, unique};

pub fn column_check(table: &str, column: &str) -> String {
    format!("{table}_{column}_check")
}

/// The first unnamed check of a domain, as PostgreSQL names it (`<domain>_check`).
pub fn domain_check(domain: &str) -> String {
    format!("{domain}_check")
}

/// The enum check when the column also has its own check.
pub fn values_check(table: &str, column: &str) -> String {
    format!("{table}_{column}_values_check")
}

pub fn index(table: &str, columns: &[String]) -> String {
    format!("idx_{table}_{}", columns.join("_"))
}

/// [`index`] for keys: an expression key is named by its words (`lower(email)`: `lower_email`).
pub fn index_on(table: &str, keys: &[super::IndexKey]) -> String {
    index(table, &keys.iter().map(|k| k.name_part()).collect::<Vec<_>>())
}

/// PostgreSQL's name for an exclusion constraint: `bookings_room_id_during_excl`.
pub fn exclusion(table: &str, keys: &[super::IndexKey]) -> String {
    let parts: Vec<String> = keys.iter().map(|k| k.name_part()).collect();
    format!("{table}_{}_excl", parts.join("_"))
}

pub fn tenant_policy(table: &str) -> String {
    format!("{table}_tenant_isolation")
}

pub fn update_trigger(table: &str, column: &str) -> String {
    format!("{table}_{column}")
}

pub fn update_trigger_function(table: &str, column: &str) -> String {
    format!("{table}_set_{column}")
}

/// Numbered check names for the table's unnamed checks: `lots_check`, `lots_check1`, ...
pub fn table_check(table: &str, ordinal: usize) -> String {
    match ordinal {
        0 => format!("{table}_check"),
        n => format!("{table}_check{n}"),
    }
}

/// A type change on PostgreSQL: the new column, filled beside the old one until they swap.
pub fn retype_column(column: &str) -> String {
    format!("{column}__retype")
}

/// The index on the new column that becomes `index` at the swap.
pub fn retype_index(index: &str) -> String {
    format!("{index}__retype")
}

/// The trigger (and its function) that keeps the new column in sync with the old one.
pub fn retype_trigger(table: &str, column: &str) -> String {
    format!("{table}_{column}_retype")
}

pub fn retype_trigger_function(table: &str, column: &str) -> String {
    format!("{table}_retype_{column}")
}

/// The check that lets the new column become NOT NULL at the swap without a scan.
pub fn retype_not_null(table: &str, column: &str) -> String {
    format!("{table}_{column}__retype_not_null")
}

// Shared with the runtime, which leaves these tables out of what it compares.
pub use tablewright_runtime_core::catalog::{reserved_table, RESERVED_TABLE_PREFIXES};

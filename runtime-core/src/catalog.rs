//! What a live database contains, in a shape that can be compared with a schema.
//!
//! Introspection (in the `tablewright` crate, one module per database) fills a [`Catalog`]; the
//! runtime checks the shared tables against it ([`crate::shared_tables`]), and the schema
//! compiler compares the whole model with it (`tablewright_core::catalog::drift`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::dialect::Dialect;

/// A database's tables and trigger functions.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Catalog {
    pub tables: BTreeMap<String, CatalogTable>,
    /// Functions in the schema (PostgreSQL), by name.
    pub functions: BTreeSet<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogTable {
    pub columns: Vec<CatalogColumn>,
    pub primary_key: Vec<String>,
    /// Unique constraints by name (SQLite reports generated names; compare by columns there).
    pub uniques: BTreeMap<String, Vec<String>>,
    /// Check constraint names (empty on SQLite, which does not name them in its catalog).
    pub checks: BTreeSet<String>,
    pub foreign_keys: Vec<CatalogForeignKey>,
    /// Indexes that are not the primary key or a unique constraint, by name.
    pub indexes: BTreeMap<String, CatalogIndex>,
    pub triggers: BTreeSet<String>,
    pub row_level_security: bool,
    pub force_row_level_security: bool,
    /// Policy name to its normalized `USING` and `WITH CHECK` expressions.
    pub policies: BTreeMap<String, CatalogPolicy>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogColumn {
    pub name: String,
    /// The type as the database reports it, lowercased (`character varying(20)`, `int(11)`).
    pub data_type: String,
    pub nullable: bool,
    /// Auto-increment or identity.
    pub auto_increment: bool,
    pub default: Option<String>,
    /// MySQL's `ON UPDATE CURRENT_TIMESTAMP`.
    pub on_update_now: bool,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogForeignKey {
    /// Empty where the database does not keep names (SQLite).
    pub name: String,
    pub columns: Vec<String>,
    pub references_table: String,
    pub references_columns: Vec<String>,
    /// Upper case, e.g. `RESTRICT`, `SET NULL`, `NO ACTION`.
    pub on_delete: String,
    pub on_update: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogIndex {
    pub columns: Vec<String>,
    pub unique: bool,
    pub method: String,
    pub partial: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogPolicy {
    pub command: String,
    pub using: Option<String>,
    pub with_check: Option<String>,
}

/// One difference between the model and a database.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Drift {
    pub table: String,
    pub message: String,
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.table, self.message)
    }
}

/// Tables that belong to the migration machinery, not to the schema.
pub fn is_bookkeeping_table(name: &str) -> bool {
    name.starts_with("__diesel_schema_migrations") || name.starts_with("__tablewright") || name.starts_with("sqlite_")
}

/// A type as the database spells it, in the form the comparisons use: lowercased, without the
/// blank after a comma, and without MySQL's integer display widths.
pub fn normalize_type(text: &str, dialect: Dialect) -> String {
    let lower = text.trim().to_ascii_lowercase().replace(", ", ",");
    match dialect {
        // MariaDB and MySQL 5 report display widths (`int(11)`); MySQL 8 does not.
        Dialect::Mysql => {
            for base in ["smallint", "int", "bigint"] {
                if lower.starts_with(&format!("{base}(")) {
                    return base.to_string();
                }
            }
            lower
        }
        _ => lower,
    }
}

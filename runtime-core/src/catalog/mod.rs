//! What a live database contains, in a shape that can be compared with a schema.
//!
//! Introspection (in the `tablewright` crate, one module per database) fills a [`Catalog`]; the
//! runtime checks the shared tables against it ([`crate::shared_tables`]), and the schema
//! compiler compares the whole model with it (`tablewright_core::catalog::drift`).

pub mod normal_form;
mod routines;
pub mod sqlite_text;
mod views;

use std::collections::BTreeMap;
use std::fmt;

use crate::dialect::Dialect;

pub use routines::{CatalogFunction, CatalogTrigger};
pub use views::CatalogView;

/// A database's tables and functions.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Catalog {
    pub tables: BTreeMap<String, CatalogTable>,
    /// Functions in the schema (PostgreSQL), by name and arguments (`f(len integer)`, as
    /// `pg_get_function_identity_arguments` prints them); functions that belong to an extension
    /// are left out.
    pub functions: BTreeMap<String, CatalogFunction>,
    /// Extensions installed in the database (PostgreSQL), by name; `plpgsql` is left out.
    pub extensions: BTreeMap<String, CatalogExtension>,
    /// Enum types in the schema (PostgreSQL), by name; those of extensions are left out.
    pub enums: BTreeMap<String, CatalogEnum>,
    /// Domains in the schema (PostgreSQL), by name; those of extensions are left out.
    pub domains: BTreeMap<String, CatalogDomain>,
    /// Views and materialized views, by name; those of extensions are left out.
    pub views: BTreeMap<String, CatalogView>,
    /// Composite types declared on their own (PostgreSQL `CREATE TYPE ... AS (...)`), by name;
    /// the row types of tables and those of extensions are left out.
    pub composites: BTreeMap<String, CatalogComposite>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogComposite {
    /// The fields in their order: name and type as `format_type` prints it.
    pub fields: Vec<(String, String)>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogExtension {
    /// The schema its objects are in.
    pub schema: String,
    pub version: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogEnum {
    /// The labels in their sort order.
    pub values: Vec<String>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogDomain {
    /// The base type as `format_type` prints it.
    pub data_type: String,
    pub nullable: bool,
    /// The default expression as the database prints it back.
    pub default: Option<String>,
    /// Check constraints by name, as `pg_get_constraintdef` prints them (with `NOT VALID` if not
    /// validated).
    pub checks: BTreeMap<String, String>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogTable {
    pub columns: Vec<CatalogColumn>,
    pub primary_key: Vec<String>,
    /// The primary key constraint's name, where the database keeps one (not MySQL, where it is
    /// always `PRIMARY`, nor a SQLite rowid alias).
    pub primary_key_name: Option<String>,
    /// Unique constraints by name (SQLite: the unique indexes Tablewright creates for them, and
    /// the ones it names itself for a `UNIQUE` written into a table).
    pub uniques: BTreeMap<String, Vec<String>>,
    /// The unique constraints that are deferrable, by name, with `DEFERRABLE INITIALLY ...`
    /// (PostgreSQL; a name not listed is `NOT DEFERRABLE`).
    pub deferrable_uniques: BTreeMap<String, String>,
    /// Check constraints by name, with the expression as the database prints it back (PostgreSQL
    /// `pg_get_constraintdef`, with `NOT VALID` if not validated; MySQL's `CHECK_CLAUSE`;
    /// SQLite: the text of the table's definition).
    pub checks: BTreeMap<String, String>,
    pub foreign_keys: Vec<CatalogForeignKey>,
    /// Indexes that are not the primary key or a unique constraint, by name.
    pub indexes: BTreeMap<String, CatalogIndex>,
    /// Triggers by name, with their definition as the database prints it back.
    pub triggers: BTreeMap<String, String>,
    /// The triggers' parts, their state and comment (PostgreSQL), by name: drift compares the
    /// state and comment from here, import writes the parts.
    pub trigger_parts: BTreeMap<String, CatalogTrigger>,
    pub row_level_security: bool,
    pub force_row_level_security: bool,
    /// Policies by name.
    pub policies: BTreeMap<String, CatalogPolicy>,
    pub comment: Option<String>,
    /// Comments of the primary key, unique, check, foreign key and exclusion constraints, by
    /// constraint name (PostgreSQL; the others keep none).
    pub constraint_comments: BTreeMap<String, String>,
    /// Exclusion constraints by name, as `pg_get_constraintdef` prints them (`EXCLUDE USING gist
    /// (room_id WITH =, during WITH &&) WHERE (...)`, with `DEFERRABLE ...` when they are).
    pub exclusions: BTreeMap<String, String>,
    /// Comments of the indexes in `indexes`, by name (PostgreSQL).
    pub index_comments: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogColumn {
    pub name: String,
    /// The type as the database reports it, lowercased (`character varying(20)`, `int(11)`).
    pub data_type: String,
    pub nullable: bool,
    /// Filled in by the database: a sequence default (serial), an identity, `AUTO_INCREMENT` or
    /// a SQLite rowid alias with `AUTOINCREMENT`.
    pub auto_increment: bool,
    /// PostgreSQL identity columns: `ALWAYS` or `BY DEFAULT` (a serial column has none).
    pub identity: Option<String>,
    /// The default expression as the database prints it back (a serial's `nextval(...)` too).
    pub default: Option<String>,
    /// MySQL's `ON UPDATE CURRENT_TIMESTAMP`.
    pub on_update_now: bool,
    pub comment: Option<String>,
    /// A generated column: its expression as the database prints it back, and `STORED` or
    /// `VIRTUAL`.
    pub generated: Option<(String, String)>,
    /// PostgreSQL: the sequence behind an identity column, or the one a serial column owns.
    pub sequence: Option<CatalogSequence>,
}

/// A column's sequence, with every option as PostgreSQL keeps it (`pg_sequence`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogSequence {
    pub name: String,
    /// `smallint`, `integer` or `bigint`.
    pub data_type: String,
    pub start: i64,
    pub increment: i64,
    pub min_value: i64,
    pub max_value: i64,
    pub cache: i64,
    pub cycle: bool,
}

impl CatalogSequence {
    /// Every option, as `ALTER SEQUENCE` spells them (the name and type are compared apart).
    pub fn options(&self) -> String {
        format!(
            "START WITH {} INCREMENT BY {} MINVALUE {} MAXVALUE {} CACHE {} {}",
            self.start,
            self.increment,
            self.min_value,
            self.max_value,
            self.cache,
            if self.cycle { "CYCLE" } else { "NO CYCLE" }
        )
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogForeignKey {
    /// Empty where the database does not keep names (SQLite, for a key written without
    /// `CONSTRAINT name`).
    pub name: String,
    pub columns: Vec<String>,
    pub references_table: String,
    pub references_columns: Vec<String>,
    /// Upper case, e.g. `RESTRICT`, `SET NULL`, `NO ACTION`.
    pub on_delete: String,
    pub on_update: String,
    /// `NOT DEFERRABLE`, `DEFERRABLE INITIALLY IMMEDIATE` or `DEFERRABLE INITIALLY DEFERRED`.
    pub deferrable: String,
    /// Whether the database has checked the existing rows (PostgreSQL `NOT VALID` keys are not).
    pub validated: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogIndex {
    pub columns: Vec<String>,
    pub unique: bool,
    pub method: String,
    /// The `WHERE` clause of a partial index, as the database prints it back.
    pub predicate: Option<String>,
    /// Everything that makes the index what it is, as the database prints it back: method, key
    /// columns or expressions with their order, operator classes and collations, `INCLUDE`,
    /// storage parameters and predicate (PostgreSQL: `pg_get_indexdef` from `USING` on).
    pub definition: String,
    /// The keys one by one, with their options, for import (compared through `definition`).
    pub keys: Vec<CatalogIndexKey>,
    /// `INCLUDE` columns (PostgreSQL), for import.
    pub include: Vec<String>,
    /// Storage parameters as `name=value` (PostgreSQL's `reloptions`), for import.
    pub with: Vec<String>,
}

/// One key of an index, as the database reports it.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogIndexKey {
    /// The column, for a column key.
    pub column: Option<String>,
    /// The expression as the database prints it back, for an expression key.
    pub expression: Option<String>,
    pub descending: bool,
    /// `first` or `last` where it is not the order's default (PostgreSQL).
    pub nulls: Option<String>,
    /// The operator class where it is not the default one (PostgreSQL).
    pub opclass: Option<String>,
}

impl CatalogIndex {
    pub fn is_partial(&self) -> bool {
        self.predicate.is_some()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CatalogPolicy {
    pub command: String,
    /// `PERMISSIVE` or `RESTRICTIVE`.
    pub permissive: String,
    /// The roles it applies to, e.g. `{public}`.
    pub roles: String,
    pub using: Option<String>,
    pub with_check: Option<String>,
}

/// One difference between the model and a database.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Drift {
    pub table: String,
    /// What differs, by kind and name: `column zone`, `index idx_lots_code`, `table`.
    pub object: String,
    pub message: String,
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.table, self.message)
    }
}

/// Table names a schema may not use, each with whose it is: the migration machinery's and
/// SQLite's own (compared without regard to case, as SQLite and MySQL on some systems do).
pub const RESERVED_TABLE_PREFIXES: &[(&str, &str)] = &[
    (
        "__diesel_schema_migrations",
        "diesel records the applied migrations in `__diesel_schema_migrations`",
    ),
    (
        "__tablewright",
        "the migrator keeps its ledger and progress in tables named `__tablewright_...`",
    ),
    (
        "sqlite_",
        "SQLite keeps the names starting with `sqlite_` for its own tables and refuses to create one",
    ),
];

/// Whose a reserved table name is (see [`RESERVED_TABLE_PREFIXES`]), or `None` for a name a
/// schema may use.
pub fn reserved_table(name: &str) -> Option<&'static str> {
    RESERVED_TABLE_PREFIXES
        .iter()
        .find(|(prefix, _)| {
            name.get(..prefix.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
        })
        .map(|(_, whose)| *whose)
}

/// Tables that belong to the migration machinery or to SQLite, not to the schema (which the
/// checks keep from using these names).
pub fn is_bookkeeping_table(name: &str) -> bool {
    reserved_table(name).is_some()
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

//! What a live database contains, in a shape that can be compared with the model.
//!
//! Introspection (in the `tablewright` crate, one module per database) fills a [`Catalog`], in the
//! database's own normal form: types as the catalog spells them, defaults, checks, predicates,
//! index and trigger definitions as the database prints them back. Drift is found by building
//! the schema into a scratch space of the same database ([`build_sql`]), reading that back the
//! same way, and comparing the two catalogs fact by fact ([`drift`]): the database normalizes
//! both sides, so equal things never differ and nothing is compared by hand-written rewriting.
//! Tests use it to prove generated migrations produce the modelled schema; the runtime uses
//! [`external_drift`] to verify shared tables, and the CLI's `diff` reports drift.

mod build;
mod compare;
mod import;
pub mod sqlite_text;

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

pub use build::build_sql;
pub use compare::drift;
pub use import::{import, ImportOptions, Imported};

use crate::dialect::Dialect;
use crate::model::{Column, ColumnType, Lifecycle, Schema};

/// A database's tables and functions.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Catalog {
    pub tables: BTreeMap<String, CatalogTable>,
    /// Functions in the schema (PostgreSQL), by name and argument types (`f(integer)`), with
    /// their definition; functions that belong to an extension are left out.
    pub functions: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CatalogTable {
    pub columns: Vec<CatalogColumn>,
    pub primary_key: Vec<String>,
    /// The primary key constraint's name, where the database keeps one (not MySQL, where it is
    /// always `PRIMARY`, nor a SQLite rowid alias).
    pub primary_key_name: Option<String>,
    /// Unique constraints by name (SQLite: the unique indexes Tablewright creates for them, and
    /// the ones it names itself for a `UNIQUE` written into a table).
    pub uniques: BTreeMap<String, Vec<String>>,
    /// Check constraints by name, with the expression as the database prints it back (PostgreSQL
    /// `pg_get_constraintdef`, with `NOT VALID` if not validated; MySQL's `CHECK_CLAUSE`;
    /// SQLite: the text of the table's definition).
    pub checks: BTreeMap<String, String>,
    pub foreign_keys: Vec<CatalogForeignKey>,
    /// Indexes that are not the primary key or a unique constraint, by name.
    pub indexes: BTreeMap<String, CatalogIndex>,
    /// Triggers by name, with their definition as the database prints it back.
    pub triggers: BTreeMap<String, String>,
    pub row_level_security: bool,
    pub force_row_level_security: bool,
    /// Policies by name.
    pub policies: BTreeMap<String, CatalogPolicy>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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
}

impl CatalogIndex {
    pub fn is_partial(&self) -> bool {
        self.predicate.is_some()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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

/// Tables that belong to the migration machinery, not to the schema.
pub fn is_bookkeeping_table(name: &str) -> bool {
    name.starts_with("__diesel_schema_migrations") || name.starts_with("__tablewright") || name.starts_with("sqlite_")
}

/// Whether the external (shared) tables of `schema` exist with the declared columns and
/// compatible types. Nothing else is compared: another team owns the rest. This runs at startup,
/// so it compares types by their known spellings rather than building anything.
pub fn external_drift(schema: &Schema, catalog: &Catalog, dialect: Dialect) -> Vec<Drift> {
    let mut found = Vec::new();
    for table in schema.tables.iter().filter(|t| t.is_external()) {
        let mut push = |object: String, message: String| {
            found.push(Drift {
                table: table.name.clone(),
                object,
                message,
            })
        };
        let Some(live) = catalog.tables.get(&table.name) else {
            push("table".into(), "table is missing".into());
            continue;
        };
        for column in table.columns.iter().filter(|c| c.lifecycle == Lifecycle::Live) {
            let object = format!("column {}", column.name);
            match live.columns.iter().find(|c| c.name == column.name) {
                None => push(object, format!("column `{}` is missing", column.name)),
                Some(found) if !types_match(column, found, dialect) => push(
                    object,
                    format!(
                        "column `{}` is {} in the database, {} in the schema",
                        column.name, found.data_type, column.ty
                    ),
                ),
                Some(_) => {}
            }
        }
    }
    found.sort();
    found
}

/// Whether the database's spelling of a type is what the model's type becomes on `dialect`.
pub fn types_match(column: &Column, found: &CatalogColumn, dialect: Dialect) -> bool {
    let reported = normalize_type(&found.data_type, dialect);
    if let Some(native) = column.native_types.get(&dialect) {
        return reported == normalize_type(native, dialect);
    }
    expected_types(column.ty, dialect).contains(&reported)
}

fn normalize_type(text: &str, dialect: Dialect) -> String {
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

/// The spellings under which the database reports a model type.
fn expected_types(ty: ColumnType, dialect: Dialect) -> Vec<String> {
    use ColumnType as T;
    let one = |s: &str| vec![s.to_string()];
    match dialect {
        Dialect::Postgres => match ty {
            T::SmallInt => one("smallint"),
            T::Integer | T::Serial => one("integer"),
            T::BigInt | T::BigSerial => one("bigint"),
            T::Boolean => one("boolean"),
            T::Text => one("text"),
            T::Varchar(n) => vec![format!("character varying({n})")],
            T::Numeric(None) => one("numeric"),
            T::Numeric(Some((p, s))) => vec![format!("numeric({p},{s})")],
            T::Real => one("real"),
            T::Double => one("double precision"),
            T::Date => one("date"),
            T::Time => one("time without time zone"),
            T::Timestamp => one("timestamp without time zone"),
            T::Timestamptz => one("timestamp with time zone"),
            T::Uuid => one("uuid"),
            T::Json => one("json"),
            T::Jsonb => one("jsonb"),
            T::Binary => one("bytea"),
        },
        Dialect::Sqlite => match ty {
            T::SmallInt => one("smallint"),
            T::Integer | T::Serial => one("integer"),
            T::BigInt => one("bigint"),
            // The rowid alias must be declared INTEGER.
            T::BigSerial => vec!["bigint".into(), "integer".into()],
            T::Boolean => one("boolean"),
            T::Text | T::Uuid | T::Json => one("text"),
            T::Varchar(n) => vec![format!("varchar({n})")],
            T::Numeric(None) => one("numeric"),
            T::Numeric(Some((p, s))) => vec![format!("numeric({p},{s})")],
            T::Real => one("real"),
            T::Double => one("double"),
            T::Date => one("date"),
            T::Time => one("time"),
            T::Timestamp => one("timestamp"),
            T::Timestamptz => one("timestamptz"),
            T::Jsonb | T::Binary => one("blob"),
        },
        Dialect::Mysql => match ty {
            T::SmallInt => one("smallint"),
            T::Integer | T::Serial => one("int"),
            T::BigInt | T::BigSerial => one("bigint"),
            T::Boolean => one("tinyint(1)"),
            T::Text => one("text"),
            T::Varchar(n) => vec![format!("varchar({n})")],
            T::Numeric(None) => one("decimal(65,30)"),
            T::Numeric(Some((p, s))) => vec![format!("decimal({p},{s})")],
            T::Real => one("float"),
            T::Double => one("double"),
            T::Date => one("date"),
            T::Time => one("time(6)"),
            T::Timestamp => one("datetime(6)"),
            T::Timestamptz => one("timestamp(6)"),
            T::Uuid => one("char(36)"),
            // MariaDB stores JSON as LONGTEXT with a json_valid() check.
            T::Json | T::Jsonb => vec!["json".into(), "longtext".into()],
            T::Binary => one("longblob"),
        },
    }
}

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
mod compare_composites;
mod compare_types;
mod compare_views;
mod import;
mod import_composites;
mod import_functions;
mod import_types;
mod import_views;

pub use build::build_sql;
pub use compare::drift;
pub use import::{import, ImportOptions, Imported};
// The catalog's types are the runtime's: introspection fills them at startup too.
pub use tablewright_runtime_core::catalog::{
    is_bookkeeping_table, normalize_type, sqlite_text, Catalog, CatalogColumn, CatalogDomain, CatalogEnum,
    CatalogExtension, CatalogForeignKey, CatalogFunction, CatalogIndex, CatalogIndexKey, CatalogPolicy,
    CatalogSequence, CatalogTable, CatalogTrigger, CatalogView, Drift,
};

use crate::dialect::Dialect;
use crate::model::{Column, ColumnType, Lifecycle, Schema};

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

/// `(3)` for a declared precision, nothing otherwise.
fn precision(p: Option<u8>) -> String {
    p.map(|p| format!("({p})")).unwrap_or_default()
}

/// MySQL's `datetime(3)`: Tablewright writes 6 digits where the type says none.
fn mysql_precision(name: &str, p: Option<u8>) -> String {
    match crate::model::fractional_digits(p) {
        0 => name.to_string(),
        p => format!("{name}({p})"),
    }
}

/// The spellings under which the database reports a model type.
pub fn expected_types(ty: ColumnType, dialect: Dialect) -> Vec<String> {
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
            // `timestamp(6)` is not `timestamp` in the catalog (typmod 6, -1), though the values
            // are the same.
            T::Time(p) => vec![format!("time{} without time zone", precision(p))],
            T::Timestamp(p) => vec![format!("timestamp{} without time zone", precision(p))],
            T::Timestamptz(p) => vec![format!("timestamp{} with time zone", precision(p))],
            T::Uuid => one("uuid"),
            T::Json => one("json"),
            T::Jsonb => one("jsonb"),
            T::Binary => one("bytea"),
            T::UnboundedVarchar => one("character varying"),
            T::Char(n) => vec![format!("character({n})")],
            T::Postgres(ty) => vec![ty.catalog_name()],
            T::Named(name) => one(name),
            // `format_type` prints an array as its element's name and `[]`.
            T::Array(element) => expected_types(*element, dialect)
                .into_iter()
                .map(|name| format!("{name}[]"))
                .collect(),
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
            // No precision is written (times are text, never rounded).
            T::Time(_) => one("time"),
            T::Timestamp(_) => one("timestamp"),
            T::Timestamptz(_) => one("timestamptz"),
            T::Jsonb | T::Binary => one("blob"),
            T::UnboundedVarchar => one("varchar"),
            T::Char(n) => vec![format!("char({n})")],
            // Refused by the checks (`unsupported-feature`) unless a native type replaces them.
            T::Postgres(_) | T::Array(_) | T::Named(_) => Vec::new(),
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
            // MySQL prints no `(0)`.
            T::Time(p) => vec![mysql_precision("time", p)],
            T::Timestamp(p) => vec![mysql_precision("datetime", p)],
            T::Timestamptz(p) => vec![mysql_precision("timestamp", p)],
            T::Uuid => one("char(36)"),
            // MariaDB stores JSON as LONGTEXT with a json_valid() check.
            T::Json | T::Jsonb => vec!["json".into(), "longtext".into()],
            T::Binary => one("longblob"),
            T::UnboundedVarchar => one("text"),
            T::Char(n) => vec![format!("char({n})")],
            T::Postgres(_) | T::Array(_) | T::Named(_) => Vec::new(),
        },
    }
}

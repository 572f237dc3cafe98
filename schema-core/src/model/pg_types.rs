//! Schema-level objects that are not tables: PostgreSQL extensions, enum types and domains.
//!
//! Columns use an enum or a domain by its name (`type: mood`, [`ColumnType::Named`]); a type or an
//! operator class that an extension provides (`citext`, `ltree`, `gin_trgm_ops`) is accepted when
//! the extension is declared ([`EXTENSION_TYPES`], [`EXTENSION_OPCLASSES`]).
//!
//! PostgreSQL is the database that has all three. On the others ([`Schema::for_dialect`]) a native
//! enum becomes what that database has: MySQL's inline `ENUM('a', 'b')` column type, SQLite's
//! text with `CHECK (column IN (...))` (the same as `values:`); domains and extensions are
//! refused by the checks.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use super::{Check, ColumnType, DefaultValue, EnumValues, Origin, Schema};
use crate::dialect::Dialect;

/// `CREATE EXTENSION IF NOT EXISTS name [WITH SCHEMA schema] [VERSION version]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Extension {
    pub name: String,
    /// The schema its objects go in (default: the first schema on the search path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The version to install (default: the extension's default version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

/// `CREATE TYPE name AS ENUM ('a', 'b', ...)`: the values in their sort order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnumType {
    pub name: String,
    pub values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The type's previous name: the next migration renames it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Values renamed, new name → previous name (`ALTER TYPE ... RENAME VALUE`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub renamed_values: BTreeMap<String, String>,
    /// Values taken out on purpose: the type is built again without them, which fails while a
    /// row still holds one (PostgreSQL cannot drop a value from an enum in place).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed_values: Vec<String>,
    #[serde(skip)]
    pub origin: Origin,
}

/// `CREATE DOMAIN name AS base [DEFAULT ...] [NOT NULL] [CONSTRAINT c CHECK (...)]...`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    pub name: String,
    #[serde(rename = "type")]
    pub base: ColumnType,
    /// `false`: the domain is `NOT NULL`. Domains allow NULL unless told otherwise.
    #[serde(default = "yes", skip_serializing_if = "Clone::clone")]
    pub nullable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
    /// Named checks; `VALUE` is the value being checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

fn yes() -> bool {
    true
}

/// Column types that extensions provide: the type's name and the extension to declare.
pub const EXTENSION_TYPES: &[(&str, &str)] = &[
    ("citext", "citext"),
    ("ltree", "ltree"),
    ("lquery", "ltree"),
    ("ltxtquery", "ltree"),
    ("hstore", "hstore"),
    ("cube", "cube"),
    ("isbn", "isn"),
    ("issn", "isn"),
    ("ean13", "isn"),
];

/// Operator classes that extensions provide, and the extension to declare.
pub const EXTENSION_OPCLASSES: &[(&str, &str)] = &[
    ("gin_trgm_ops", "pg_trgm"),
    ("gist_trgm_ops", "pg_trgm"),
    ("gist_ltree_ops", "ltree"),
    ("gin_hstore_ops", "hstore"),
    ("gist_hstore_ops", "hstore"),
    ("gin_btree_ops", "btree_gin"),
    ("gist_btree_ops", "btree_gist"),
];

/// The extension that provides the column type `name`, if one does.
pub fn extension_of_type(name: &str) -> Option<&'static str> {
    EXTENSION_TYPES.iter().find(|(t, _)| *t == name).map(|(_, e)| *e)
}

/// The extension that provides the operator class `name` (schema-qualified or not), if one does.
pub fn extension_of_opclass(name: &str) -> Option<&'static str> {
    let bare = name.rsplit('.').next().unwrap_or(name);
    EXTENSION_OPCLASSES.iter().find(|(o, _)| *o == bare).map(|(_, e)| *e)
}

/// The names of declared types, each allocated once (see [`ColumnType::Named`]).
pub(super) fn intern_name(name: &str) -> &'static str {
    static SEEN: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut seen = SEEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(found) = seen.get(name) {
        return found;
    }
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    seen.insert(leaked);
    leaked
}

/// What a named column type is, once the schema is known.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NamedType<'s> {
    Enum(&'s EnumType),
    Domain(&'s Domain),
    Composite(&'s super::CompositeType),
    /// A type an extension provides (the extension's name).
    Extension(&'static str),
}

impl Schema {
    pub fn enum_type(&self, name: &str) -> Option<&EnumType> {
        self.enums.iter().find(|e| e.name == name)
    }

    pub fn domain(&self, name: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.name == name)
    }

    pub fn extension(&self, name: &str) -> Option<&Extension> {
        self.extensions.iter().find(|e| e.name == name)
    }

    /// What the type name `name` of a column is: a declared enum or domain, or an extension's
    /// type (whether or not the extension is declared: the checks say so).
    pub fn named_type(&self, name: &str) -> Option<NamedType<'_>> {
        if let Some(e) = self.enum_type(name) {
            return Some(NamedType::Enum(e));
        }
        if let Some(d) = self.domain(name) {
            return Some(NamedType::Domain(d));
        }
        if let Some(c) = self.composite(name) {
            return Some(NamedType::Composite(c));
        }
        extension_of_type(name).map(NamedType::Extension)
    }

    /// Extensions, enums and domains by name, as tables are: the model does not depend on which
    /// file declared what.
    pub fn sort_type_objects(&mut self) {
        self.extensions.sort_by(|a, b| a.name.cmp(&b.name));
        self.enums.sort_by(|a, b| a.name.cmp(&b.name));
        self.domains.sort_by(|a, b| a.name.cmp(&b.name));
        self.composites.sort_by(|a, b| a.name.cmp(&b.name));
    }

    /// Marks the columns whose named type is neither declared nor an extension's as not read
    /// (`Origin::read_with_errors`): the checks report the type once (`unknown-type`), and the
    /// rules about types do not judge them too.
    pub fn mark_unknown_types(&mut self) {
        let known: HashSet<String> = self
            .enums
            .iter()
            .map(|e| e.name.clone())
            .chain(self.domains.iter().map(|d| d.name.clone()))
            .chain(self.composites.iter().map(|c| c.name.clone()))
            .collect();
        for column in self.tables.iter_mut().flat_map(|t| t.columns.iter_mut()) {
            if let Some(name) = column.ty.declared_name() {
                if !known.contains(name) && extension_of_type(name).is_none() && column.lifecycle.is_live() {
                    column.origin.read_with_errors = true;
                }
            }
        }
    }

    /// Whether the schema declares anything besides tables.
    pub fn has_type_objects(&self) -> bool {
        !(self.extensions.is_empty() && self.enums.is_empty() && self.domains.is_empty() && self.composites.is_empty())
    }

    /// The schema as `dialect` builds it: on MySQL a column of an enum type gets the inline
    /// `ENUM(...)` type, on SQLite text with `CHECK (column IN (...))` (named
    /// `<table>_<column>_check`, as `values:` is); the enum declarations then go. Domains and
    /// extensions stay for the checks to refuse. PostgreSQL keeps everything.
    pub fn for_dialect(&self, dialect: Dialect) -> std::borrow::Cow<'_, Schema> {
        if dialect == Dialect::Postgres || self.enums.is_empty() {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut schema = self.clone();
        let enums = std::mem::take(&mut schema.enums);
        for table in &mut schema.tables {
            let table_name = table.name.clone();
            let check_names: Vec<String> = table.checks.iter().map(|c| c.name.clone()).collect();
            for column in &mut table.columns {
                let ColumnType::Named(name) = column.ty else { continue };
                let Some(e) = enums.iter().find(|e| e.name == name) else {
                    continue;
                };
                match dialect {
                    Dialect::Mysql => {
                        let list: Vec<String> = e
                            .values
                            .iter()
                            .map(|v| crate::sql::quote::literal(Dialect::Mysql, v))
                            .collect();
                        column
                            .native_types
                            .entry(Dialect::Mysql)
                            .or_insert_with(|| format!("enum({})", list.join(",")));
                    }
                    Dialect::Sqlite | Dialect::Postgres => {
                        column.ty = ColumnType::Text;
                        if column.values.is_none() {
                            column.values = Some(EnumValues {
                                values: e.values.clone(),
                                check_name: match super::naming::column_check(&table_name, &column.name) {
                                    taken if check_names.contains(&taken) => {
                                        super::naming::values_check(&table_name, &column.name)
                                    }
                                    free => free,
                                },
                                removed: e.removed_values.clone(),
                            });
                        }
                    }
                }
            }
        }
        std::borrow::Cow::Owned(schema)
    }
}

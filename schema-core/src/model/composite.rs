//! PostgreSQL composite types declared on their own (`CREATE TYPE name AS (field type, ...)`):
//! a row of named, typed fields that a column holds as one value (`type: version_parts`, or an
//! array of them, `'version_parts[]'`). PostgreSQL only; the checks refuse them elsewhere.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ColumnType, Origin, Schema};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompositeType {
    pub name: String,
    /// The fields in their order (PostgreSQL keeps the order: it is the order of a row literal).
    pub fields: Vec<CompositeField>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The type's previous name: the next migration renames it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Fields renamed, new name → previous name (`ALTER TYPE ... RENAME ATTRIBUTE`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub renamed_fields: BTreeMap<String, String>,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompositeField {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: ColumnType,
}

impl CompositeType {
    pub fn field(&self, name: &str) -> Option<&CompositeField> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The names of the declared types (enums, domains, other composites) its fields use.
    pub fn uses(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().filter_map(|f| f.ty.declared_name())
    }
}

impl Schema {
    pub fn composite(&self, name: &str) -> Option<&CompositeType> {
        self.composites.iter().find(|c| c.name == name)
    }

    /// The composites in an order that creates each after the composites its fields use (by
    /// name where nothing constrains them); a cycle, which the checks refuse, keeps its order.
    pub fn composites_in_creation_order(&self) -> Vec<&CompositeType> {
        let mut left: Vec<&CompositeType> = self.composites.iter().collect();
        left.sort_by(|a, b| a.name.cmp(&b.name));
        let mut ordered: Vec<&CompositeType> = Vec::new();
        while !left.is_empty() {
            let ready = left.iter().position(|c| {
                c.uses()
                    .all(|used| used == c.name || !left.iter().any(|other| other.name == used))
            });
            ordered.push(left.remove(ready.unwrap_or(0)));
        }
        ordered
    }
}

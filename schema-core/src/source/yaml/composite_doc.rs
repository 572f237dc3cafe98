//! The document that declares a PostgreSQL composite type (`composite: version_parts`, with its
//! `fields:` in order): its format type, reading and lowering into the model. Columns use it by
//! name (`type: version_parts`, or `'version_parts[]'`).

use std::collections::BTreeMap;

#[cfg(feature = "json-schema")]
use schemars::JsonSchema;

use super::node::{Kind, Node};
use super::read::Reader;
use super::shape::Shape;
use super::values::describe;
use crate::diagnostic::Diagnostic;
use crate::model::{ColumnType, CompositeField, CompositeType};

pub static COMPOSITE: Shape = Shape {
    keys: &["composite", "fields", "comment", "renamed_from", "renamed_fields"],
    docs: "composite-types",
    example: "composite: money_amount\nfields: { amount: 'numeric(12,2)', currency: 'char(3)' }",
};

/// A PostgreSQL composite type (`CREATE TYPE ... AS (...)`): named, typed fields that a column
/// holds as one value (PostgreSQL only).
#[derive(Debug)]
#[cfg_attr(feature = "json-schema", derive(JsonSchema))]
#[cfg_attr(feature = "json-schema", serde(deny_unknown_fields))]
#[cfg_attr(feature = "json-schema", schemars(title = "Tablewright composite type"))]
pub struct CompositeDoc {
    /// The type's name; columns use it as their `type`.
    #[cfg_attr(feature = "json-schema", serde(rename = "composite"))]
    pub name: String,
    /// The fields in their order: name → type (a built-in type, an enum, a domain or another
    /// composite). New fields go last: PostgreSQL adds them at the end.
    #[cfg_attr(feature = "json-schema", schemars(with = "BTreeMap<String, String>"))]
    pub fields: Vec<(String, String)>,
    /// Documentation stored in the database (`COMMENT ON TYPE`).
    pub comment: Option<String>,
    /// The type's previous name: the next migration renames it.
    pub renamed_from: Option<String>,
    /// Fields renamed: new name → previous name (`ALTER TYPE ... RENAME ATTRIBUTE`).
    #[cfg_attr(feature = "json-schema", serde(default))]
    pub renamed_fields: BTreeMap<String, String>,
}

impl Reader {
    pub(super) fn composite(&mut self, root: &Node) -> Option<CompositeDoc> {
        let fields = self.fields(root, "this composite type".into(), &COMPOSITE)?;
        let name = self.required_text(&fields, "composite");
        let mut listed = Vec::new();
        match fields.get("fields") {
            Some(node) => match &node.kind {
                Kind::Mapping(entries) => {
                    for (key, value) in entries {
                        match (key.key_text(), value.scalar()) {
                            (Some(field), Some(ty)) if !value.is_null() => {
                                listed.push((field.to_string(), ty.text.clone()))
                            }
                            _ => self.error(
                                "invalid-value",
                                value,
                                format!("an entry of `fields` is {}, not `name: type`", describe(value)),
                                "write each field as `name: type`, e.g. `amount: 'numeric(12,2)'`".into(),
                            ),
                        }
                    }
                }
                _ => self.error(
                    "invalid-value",
                    node,
                    format!(
                        "`fields` of this composite type must be a mapping, not {}",
                        describe(node)
                    ),
                    "write `fields: { name: type, ... }`, in the order of the fields".into(),
                ),
            },
            None => self.error(
                "missing-key",
                root,
                "this composite type has no `fields`".into(),
                "list them in their order: `fields: { amount: 'numeric(12,2)', currency: 'char(3)' }`".into(),
            ),
        }
        Some(CompositeDoc {
            name: name?,
            fields: listed,
            comment: self.text(&fields, "comment"),
            renamed_from: self.text(&fields, "renamed_from"),
            renamed_fields: self.text_map(&fields, "renamed_fields"),
        })
    }
}

pub(super) fn lower_composite(reader: &mut Reader, doc: CompositeDoc, root: &Node) -> CompositeType {
    let origin = reader.origin(root);
    let fields = doc
        .fields
        .into_iter()
        .map(|(name, text)| {
            let ty = ColumnType::parse_declared(&text).unwrap_or_else(|e| {
                reader.problems.push(
                    Diagnostic::error(
                        "unknown-type",
                        &origin,
                        format!("field `{name}` of composite type `{}`: {e}", doc.name),
                    )
                    .help("a field's type is a built-in type, an enum, a domain or another composite type"),
                );
                ColumnType::Text
            });
            CompositeField { name, ty }
        })
        .collect();
    CompositeType {
        name: doc.name,
        fields,
        comment: doc.comment,
        renamed_from: doc.renamed_from,
        renamed_fields: doc.renamed_fields,
        origin,
    }
}

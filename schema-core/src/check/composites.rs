//! Composite types: PostgreSQL only; each has fields, of known types, with names of their own;
//! renamed fields name a field that is there now and one that is not.

use std::collections::HashSet;

use crate::diagnostic::{docs_url, Diagnostic};
use crate::dialect::Dialect;
use crate::model::{ColumnType, CompositeType, Schema};

pub fn schema(schema: &Schema, dialect: Dialect, found: &mut Vec<Diagnostic>) {
    for composite in &schema.composites {
        if dialect != Dialect::Postgres {
            found.push(
                Diagnostic::error(
                    "unsupported-feature",
                    &composite.origin,
                    format!(
                        "composite type `{}` is a PostgreSQL composite type; {} has none",
                        composite.name,
                        dialect.name()
                    ),
                )
                .help(format!(
                    "on {}, give each field a column of its own, or a JSON column (see {})",
                    dialect.name(),
                    docs_url("yaml.md#composite-types")
                )),
            );
        }
        fields(schema, composite, found);
    }
}

fn fields(schema: &Schema, composite: &CompositeType, found: &mut Vec<Diagnostic>) {
    let what = format!("composite type `{}`", composite.name);
    let at = &composite.origin;
    if composite.fields.is_empty() {
        found.push(
            Diagnostic::error("missing-key", at, format!("{what} has no fields"))
                .help("list them in their order: `fields: { amount: 'numeric(12,2)', currency: 'char(3)' }`"),
        );
    }
    let mut names = HashSet::new();
    for field in &composite.fields {
        if !names.insert(field.name.as_str()) {
            found.push(
                Diagnostic::error(
                    "duplicate-name",
                    at,
                    format!("{what} has two fields named `{}`", field.name),
                )
                .help("keep one"),
            );
        }
        let problem = match field.ty {
            ColumnType::Serial | ColumnType::BigSerial => {
                Some("a serial is a column with a sequence, not a type".to_string())
            }
            ty => match ty.declared_name() {
                Some(name) if name == composite.name => Some("a composite type cannot hold itself".to_string()),
                Some(name) if schema.named_type(name).is_none() => {
                    Some(format!("`{name}` is not a declared enum, domain or composite type"))
                }
                _ => None,
            },
        };
        if let Some(problem) = problem {
            found.push(
                Diagnostic::error(
                    "unknown-type",
                    at,
                    format!("field `{}` of {what} is `{}`: {problem}", field.name, field.ty),
                )
                .help("a field's type is a built-in type, an enum, a domain or another composite type"),
            );
        }
    }
    for (new, old) in &composite.renamed_fields {
        if composite.field(new).is_none() || composite.field(old).is_some() {
            found.push(
                Diagnostic::error(
                    "invalid-value",
                    at,
                    format!("{what} renames `{old}` to `{new}`, but `{new}` must be a field and `{old}` not"),
                )
                .help("write `renamed_fields: { new_name: old_name }` with the new name in `fields`"),
            );
        }
    }
}

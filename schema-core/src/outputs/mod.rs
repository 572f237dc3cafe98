//! What else one schema gives a team besides migrations: documentation with ER diagrams
//! ([`docs`], [`mermaid`]) and TypeScript types ([`typescript`]). Every output is a pure
//! function of the schema, so a CI check can regenerate it and compare.

pub mod docs;
pub mod mermaid;
pub mod typescript;

use crate::model::{DefaultValue, Literal, Schema, Table};

/// The tables an output describes: live ones (a dropped table is on its way out and a purged
/// one is gone), in name order so the output does not depend on file order.
pub(crate) fn described_tables(schema: &Schema) -> Vec<&Table> {
    let mut tables: Vec<&Table> = schema.tables.iter().filter(|t| t.is_live()).collect();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    tables
}

/// A default as a reader expects to see it.
pub(crate) fn default_text(default: &DefaultValue) -> String {
    match default {
        DefaultValue::Literal(Literal::Bool(b)) => b.to_string(),
        DefaultValue::Literal(Literal::Number(n)) => n.clone(),
        DefaultValue::Literal(Literal::String(s)) => format!("'{}'", s.replace('\'', "''")),
        DefaultValue::CurrentTimestamp => "the current time".into(),
        DefaultValue::RandomUuid => "a random UUID".into(),
        DefaultValue::Sql(expr) => expr.as_str().to_string(),
    }
}

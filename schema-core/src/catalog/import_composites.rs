//! Import of PostgreSQL's composite types (those declared on their own, not the row types of
//! tables): a `composite:` document each, in `types.yaml` after the enums and domains, with its
//! fields in the database's order.

use std::collections::BTreeSet;

use super::import::{portable_type_of, scalar};
use super::{normalize_type, Catalog};
use crate::dialect::Dialect;
use crate::model::ColumnType;

/// The documents of the catalog's composite types, and what could not be expressed.
pub(super) fn documents(catalog: &Catalog, declared: &BTreeSet<String>) -> (Vec<String>, Vec<String>) {
    let (mut docs, mut notes) = (Vec::new(), Vec::new());
    for (name, composite) in &catalog.composites {
        let mut doc = format!("composite: {}\nfields:\n", scalar(name));
        for (field, data_type) in &composite.fields {
            let ty = field_type(data_type, declared).unwrap_or_else(|| {
                notes.push(format!(
                    "composite type {name}: field {field} is of type {data_type}, which has no portable name; it is written as reported"
                ));
                data_type.clone()
            });
            doc.push_str(&format!("  {}: {}\n", scalar(field), scalar(&ty)));
        }
        if let Some(comment) = &composite.comment {
            doc.push_str(&format!("comment: {}\n", scalar(comment)));
        }
        docs.push(doc);
    }
    (docs, notes)
}

/// A field's type as a schema writes it: a declared type (or an array of one) by name, else the
/// portable type the database's name stands for.
fn field_type(data_type: &str, declared: &BTreeSet<String>) -> Option<String> {
    let reported = normalize_type(data_type, Dialect::Postgres);
    let element = reported.strip_suffix("[]").unwrap_or(&reported);
    if declared.contains(element) {
        return Some(reported.clone());
    }
    let ty: ColumnType = portable_type_of(&reported, Dialect::Postgres)?;
    Some(ty.to_string())
}

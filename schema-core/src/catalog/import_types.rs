//! Import of PostgreSQL's extensions, enum types and domains: one file, `types.yaml`, with a
//! document per object (extensions first, then enums and domains by name), which the tables'
//! columns use by name.

use std::collections::BTreeSet;

use super::import::{check_expr, scalar};
use super::Catalog;
use crate::model::extension_of_type;

/// The file name the objects are written to.
pub const TYPES_FILE: &str = "types.yaml";

/// The type names columns may use: the enums and domains, and the types of the extensions
/// there are.
pub(super) fn declared(catalog: &Catalog) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = catalog.enums.keys().chain(catalog.domains.keys()).cloned().collect();
    for (ty, extension) in crate::model::EXTENSION_TYPES {
        if catalog.extensions.contains_key(*extension) && extension_of_type(ty).is_some() {
            names.insert(ty.to_string());
        }
    }
    names
}

/// The documents of the catalog's extensions, enums and domains; `None` when there are none.
pub(super) fn types_file(catalog: &Catalog) -> Option<String> {
    let mut docs: Vec<String> = Vec::new();
    for name in catalog.extensions.keys() {
        docs.push(format!("extension: {}\n", scalar(name)));
    }
    for (name, e) in &catalog.enums {
        let mut doc = format!("enum: {}\n", scalar(name));
        let values: Vec<String> = e.values.iter().map(|v| scalar(v)).collect();
        doc.push_str(&format!("values: [{}]\n", values.join(", ")));
        if let Some(comment) = &e.comment {
            doc.push_str(&format!("comment: {}\n", scalar(comment)));
        }
        docs.push(doc);
    }
    for (name, d) in &catalog.domains {
        let mut doc = format!("domain: {}\n", scalar(name));
        doc.push_str(&format!("type: {}\n", scalar(&d.data_type)));
        if !d.nullable {
            doc.push_str("nullable: false\n");
        }
        if let Some(default) = &d.default {
            doc.push_str(&format!("default_sql: {}\n", scalar(default)));
        }
        if !d.checks.is_empty() {
            doc.push_str("checks:\n");
            for (check, definition) in &d.checks {
                let not_valid = definition.trim_end().ends_with(" NOT VALID");
                doc.push_str(&format!(
                    "  - {{ name: {}, expr: {}{} }}\n",
                    scalar(check),
                    scalar(&check_expr(definition)),
                    if not_valid { ", not_valid: true" } else { "" }
                ));
            }
        }
        if let Some(comment) = &d.comment {
            doc.push_str(&format!("comment: {}\n", scalar(comment)));
        }
        docs.push(doc);
    }
    if docs.is_empty() {
        return None;
    }
    Some(format!(
        "# Imported by `tablewright import` from the database's catalog: its extensions, enum types\n# and domains.\n{}",
        docs.join("---\n")
    ))
}

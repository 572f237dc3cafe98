//! Import of PostgreSQL's extensions, enum types and domains, and of MySQL's `ENUM(...)` columns
//! (each an enum type named `<table>_<column>`): one file, `types.yaml`, with a document per
//! object (extensions first, then enums and domains by name), which the tables' columns use by
//! name.

use std::collections::BTreeSet;

use std::collections::BTreeMap;

use super::import::{check_expr, scalar};
use super::{normalize_type, Catalog, CatalogEnum};
use crate::dialect::Dialect;
use crate::model::extension_of_type;

/// MySQL's `ENUM('a','b')` columns of `tables`, each as an enum type of its own named
/// `<table>_<column>` (which MySQL builds back as the same inline type).
pub(super) fn mysql_enums<'a>(
    catalog: &Catalog,
    tables: impl Iterator<Item = &'a String>,
    dialect: Dialect,
) -> BTreeMap<String, CatalogEnum> {
    let mut found = BTreeMap::new();
    if dialect != Dialect::Mysql {
        return found;
    }
    for table in tables {
        for column in &catalog.tables[table].columns {
            if let Some(values) = mysql_enum_values(&normalize_type(&column.data_type, dialect)) {
                let e = CatalogEnum { values, comment: None };
                found.insert(mysql_enum_name(table, &column.name), e);
            }
        }
    }
    found
}

pub(super) fn mysql_enum_name(table: &str, column: &str) -> String {
    format!("{table}_{column}")
}

/// `enum('a','it''s')` → `[a, it's]`.
fn mysql_enum_values(text: &str) -> Option<Vec<String>> {
    let mut rest = text.strip_prefix("enum(")?.strip_suffix(')')?;
    let mut values = Vec::new();
    loop {
        rest = rest.strip_prefix('\'')?;
        let mut value = String::new();
        let mut chars = rest.char_indices().peekable();
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            match c {
                '\'' if chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                    chars.next();
                    value.push('\'');
                }
                '\'' => {
                    end = Some(i + 1);
                    break;
                }
                '\\' => {
                    let (_, escaped) = chars.next()?;
                    value.push(escaped);
                }
                other => value.push(other),
            }
        }
        values.push(value);
        rest = &rest[end?..];
        match rest.strip_prefix(',') {
            Some(next) => rest = next,
            None if rest.is_empty() => return Some(values),
            None => return None,
        }
    }
}

/// The file name the objects are written to.
pub const TYPES_FILE: &str = "types.yaml";

/// The type names columns may use: the enums and domains, and the types of the extensions
/// there are.
pub(super) fn declared(catalog: &Catalog, mysql_enums: &BTreeMap<String, CatalogEnum>) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = (catalog.enums.keys())
        .chain(catalog.domains.keys())
        .chain(catalog.composites.keys())
        .chain(mysql_enums.keys())
        .cloned()
        .collect();
    for (ty, extension) in crate::model::EXTENSION_TYPES {
        if catalog.extensions.contains_key(*extension) && extension_of_type(ty).is_some() {
            names.insert(ty.to_string());
        }
    }
    names
}

/// The documents of the catalog's extensions, enums and domains, then `composites` (written by
/// `import_composites.rs`); `None` when there are none.
pub(super) fn types_file(
    catalog: &Catalog,
    mysql_enums: &BTreeMap<String, CatalogEnum>,
    composites: Vec<String>,
) -> Option<String> {
    let mut docs: Vec<String> = Vec::new();
    for name in catalog.extensions.keys() {
        docs.push(format!("extension: {}\n", scalar(name)));
    }
    for (name, e) in catalog.enums.iter().chain(mysql_enums) {
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
    docs.extend(composites);
    if docs.is_empty() {
        return None;
    }
    Some(format!(
        "# Imported by `tablewright import` from the database's catalog: its extensions, enum types\n# and domains.\n{}",
        docs.join("---\n")
    ))
}

#[cfg(test)]
mod tests {
    use super::mysql_enum_values;

    #[test]
    fn mysql_enum_column_types_are_read_back_into_their_values() {
        assert_eq!(
            mysql_enum_values("enum('a','b c')"),
            Some(vec!["a".into(), "b c".into()])
        );
        assert_eq!(
            mysql_enum_values("enum('it''s','x,y')"),
            Some(vec!["it's".into(), "x,y".into()])
        );
        assert_eq!(mysql_enum_values("enum('a'"), None);
        assert_eq!(mysql_enum_values("set('a')"), None);
    }
}

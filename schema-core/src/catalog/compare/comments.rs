//! Comments of constraints and indexes (PostgreSQL keeps them; elsewhere both sides have none).

use super::{CatalogTable, Out};

/// What a constraint is, in the words the other drifts name it with.
fn constraint_object(table: &CatalogTable, name: &str) -> String {
    if table.primary_key_name.as_deref() == Some(name) {
        "primary key".to_string()
    } else if table.uniques.contains_key(name) {
        format!("unique constraint {name}")
    } else if table.checks.contains_key(name) {
        format!("check {name}")
    } else if table.foreign_keys.iter().any(|f| f.name == name) {
        format!("foreign key {name}")
    } else if table.exclusions.contains_key(name) {
        format!("exclusion {name}")
    } else {
        format!("constraint {name}")
    }
}

/// One difference per constraint or index whose comment differs, when it exists on both sides
/// (one missing on a side is reported as missing, not also for its comment).
pub(super) fn constraint_comments(built: &CatalogTable, found: &CatalogTable, out: &mut Out) {
    let constraints = |t: &CatalogTable| -> Vec<String> {
        let mut names: Vec<String> = t.primary_key_name.iter().cloned().collect();
        names.extend(t.uniques.keys().cloned());
        names.extend(t.checks.keys().cloned());
        names.extend(t.foreign_keys.iter().map(|f| f.name.clone()));
        names.extend(t.exclusions.keys().cloned());
        names.extend(t.constraint_comments.keys().cloned());
        names.sort();
        names.dedup();
        names
    };
    let (in_built, in_found) = (constraints(built), constraints(found));
    for name in in_built.iter().filter(|n| in_found.contains(n)) {
        let (b, f) = (built.constraint_comments.get(name), found.constraint_comments.get(name));
        if b != f {
            out.push(
                constraint_object(built, name),
                format!(
                    "constraint `{name}` comment is {:?} in the database, {:?} in the schema",
                    f, b
                ),
            );
        }
    }
    for name in built.indexes.keys().filter(|n| found.indexes.contains_key(*n)) {
        let (b, f) = (built.index_comments.get(name), found.index_comments.get(name));
        if b != f {
            out.push(
                format!("index {name}"),
                format!(
                    "index `{name}` comment is {:?} in the database, {:?} in the schema",
                    f, b
                ),
            );
        }
    }
}

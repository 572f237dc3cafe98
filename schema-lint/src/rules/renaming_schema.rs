//! `ALTER SCHEMA ... RENAME TO`: every query, function and search_path that names the old schema
//! breaks at once.

use sqlparser::ast::{AlterSchemaOperation, Statement};

use super::Hit;
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, ast) in m.parsed() {
        let Statement::AlterSchema(alter) = ast else { continue };
        for operation in &alter.operations {
            let AlterSchemaOperation::Rename { name } = operation else {
                continue;
            };
            hits.push(Hit::new(
                s,
                format!(
                    "renaming schema `{}` to `{}` breaks every query, function and search_path that still names it",
                    plain(&alter.name),
                    plain(name)
                ),
                "create the new schema and move objects over while the old names keep working (views or a search_path with both), deploy code that uses the new names, then drop the old schema in a later migration",
            ));
        }
    }
    hits
}

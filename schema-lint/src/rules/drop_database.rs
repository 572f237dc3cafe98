//! `DROP DATABASE` in a migration deletes a whole database, every table and row in it, with no way
//! back from a down migration.

use sqlparser::ast::{ObjectType, Statement};

use super::Hit;
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (s, ast) in m.parsed() {
        let Statement::Drop {
            object_type: ObjectType::Database,
            names,
            ..
        } = ast
        else {
            continue;
        };
        for name in names {
            hits.push(Hit::new(
                s,
                format!("DROP DATABASE deletes database `{}` with every table and row in it, for good", plain(name)),
                "databases are provisioned outside the migrations; drop it by hand after a backup, not from a migration",
            ));
        }
    }
    hits
}

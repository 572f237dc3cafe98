//! Renaming a table that exists before the migration: every running instance still queries the
//! old name until it is redeployed, and fails meanwhile.

use sqlparser::ast::{AlterTableOperation, ObjectName, RenameTableNameKind, Statement};

use super::{q, Hit};
use crate::context::{plain, Migration};

pub(super) fn check(m: &Migration) -> Vec<Hit> {
    let mut hits = Vec::new();
    let push = |s, old: &ObjectName, new: &ObjectName, hits: &mut Vec<Hit>| {
        let (old, new) = (plain(old), plain(new));
        hits.push(Hit::new(
            s,
            format!("renaming table `{old}` to `{new}` breaks every running instance that still uses `{old}`, until all of them are redeployed"),
            format!(
                "expand and contract: keep the old name working while the code moves (e.g. CREATE VIEW {} AS SELECT * FROM {} right after the rename, dropped once no code uses it), or rename during downtime and opt in with `-- tablewright-lint: ignore renaming-table (reason)`",
                q(m, &old),
                q(m, &new)
            ),
        ));
    };
    for (s, ast) in m.parsed() {
        match ast {
            Statement::AlterTable(alter) if !m.is_new(&alter.name, s.index) => {
                for operation in &alter.operations {
                    if let AlterTableOperation::RenameTable {
                        table_name: RenameTableNameKind::As(new) | RenameTableNameKind::To(new),
                    } = operation
                    {
                        push(s, &alter.name, new, &mut hits);
                    }
                }
            }
            Statement::RenameTable(renames) => {
                for rename in renames.iter().filter(|r| !m.is_new(&r.old_name, s.index)) {
                    push(s, &rename.old_name, &rename.new_name, &mut hits);
                }
            }
            _ => {}
        }
    }
    hits
}

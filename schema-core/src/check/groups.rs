//! Optional groups of a library's tables (`group:`). Each group is a migration set of its own,
//! which a host application applies or leaves out, so references may only point where the set
//! is sure to exist: from a group to the core or to its own group, and from the core only to the
//! core.

use crate::diagnostic::Diagnostic;
use crate::model::{Schema, Table};

/// Longest group name: the ledger records a set's migrations as `<set>/<group>:<version>`.
pub const MAX_GROUP_LEN: usize = 20;

pub fn table(table: &Table, found: &mut Vec<Diagnostic>) {
    let Some(group) = &table.group else { return };
    let origin = table.origin.key("group");
    let valid = group != crate::library::CORE
        && !group.is_empty()
        && group.len() <= MAX_GROUP_LEN
        && group.starts_with(|c: char| c.is_ascii_lowercase())
        && group
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        found.push(
            Diagnostic::error(
                "invalid-group",
                origin,
                format!("group `{group}` of `{}` is not a group name", table.name),
            )
            .help(format!(
                "a group is named in lowercase letters, digits and `_`, starting with a letter, at most {MAX_GROUP_LEN} characters, and not `core` (the tables of no group): {}",
                origin.spell("group: scheduler", "#[table(group = \"scheduler\")]")
            )),
        );
    }
    if table.is_external() {
        found.push(
            Diagnostic::error(
                "invalid-group",
                origin,
                format!(
                    "`{}` is an external table, which no migration set of this crate creates",
                    table.name
                ),
            )
            .help(format!("remove {}", origin.spell("group", "group = ..."))),
        );
    }
}

pub fn schema(schema: &Schema, found: &mut Vec<Diagnostic>) {
    for table in schema.tables.iter().filter(|t| t.is_live()) {
        for fk in &table.foreign_keys {
            let Some(target) = schema.table(&fk.references.table) else {
                continue;
            };
            let (Some(to), from) = (&target.group, &table.group) else {
                continue;
            };
            if from.as_ref() == Some(to) {
                continue;
            }
            let what = match from {
                None => "the core tables are applied without the optional groups".to_string(),
                Some(from) => format!("group `{from}` may be applied without group `{to}`"),
            };
            found.push(
                Diagnostic::error(
                    "group-reference",
                    &fk.origin,
                    format!(
                        "`{}` references `{}` of the optional group `{to}`, but {what}",
                        table.name, target.name
                    ),
                )
                .help(format!(
                    "put `{}` in group `{to}` too ({}), or `{}` in the core",
                    table.name,
                    table
                        .origin
                        .spell(&format!("group: {to}"), &format!("#[table(group = \"{to}\")]")),
                    target.name
                )),
            );
        }
    }
}

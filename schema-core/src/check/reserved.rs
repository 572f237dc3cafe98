//! Names that belong to someone else: diesel's and the migrator's bookkeeping tables and SQLite's
//! own (`sqlite_...`), on every database, and on SQLite the index names it keeps for itself.
//! Each would fail only when the migration runs, or, for a bookkeeping table, mix the schema's
//! rows with the migrator's.

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{naming, Table};

pub fn table(table: &Table, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    if table.is_external() {
        return; // declared to be read, never created
    }
    if let Some(whose) = naming::reserved_table(&table.name) {
        found.push(
            Diagnostic::error(
                "reserved-name",
                table.origin.key("name"),
                format!("table name `{}` is reserved: {whose}", table.name),
            )
            .help(format!(
                "choose another name: {}",
                table
                    .origin
                    .spell("table: <another name>", "#[table(name = \"<another name>\")]")
            )),
        );
    }
    if dialect != Some(Dialect::Sqlite) {
        return;
    }
    for index in &table.indexes {
        if index
            .name
            .get(..7)
            .is_some_and(|start| start.eq_ignore_ascii_case("sqlite_"))
        {
            found.push(
                Diagnostic::error(
                    "reserved-name",
                    index.origin.key("name"),
                    format!(
                        "index name `{}` is reserved: SQLite keeps the names starting with `sqlite_` for itself and refuses to create one",
                        index.name
                    ),
                )
                .help(format!(
                    "give it another name: {}",
                    index.origin.spell("name: <another name>", "name = \"<another name>\"")
                )),
            );
        }
    }
}

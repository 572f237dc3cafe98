//! `diff`: where a live database differs from the schema, read from its catalog: the schema of
//! every migration set (the libraries' tables too), or of one (`--set`).

use serde_json::json;
use tablewright::introspect::{drift_of, DriftError};
use tablewright::Database;
use tablewright_core::Schema;

use super::print_json;
use crate::args::Format;
use crate::failure::Failure;
use crate::target::connect;

/// The tables of the set `--set` chose, to which the differences are limited.
pub struct OneSet {
    pub name: String,
    pub tables: Vec<String>,
}

/// `schema`: every set's tables, so that references between sets build; `only`: the differences
/// that concern one set's tables (a table no set declares concerns none).
pub fn diff<C: Database>(url: &str, schema: &Schema, only: Option<&OneSet>, format: Format) -> Result<(), Failure> {
    let mut conn = connect::<C>(url)?;
    // The schema is built in a scratch space of the same database and both are read back, so
    // every fact is compared as the database itself prints it.
    let found = drift_of(&mut conn, schema).map_err(|e| match e {
        DriftError::Schema(diagnostics) => {
            Failure::error(format!("cannot build the schema to compare with:\n{diagnostics}"))
        }
        DriftError::Database(message) => Failure::error(message),
    })?;
    let found: Vec<_> = match only {
        None => found,
        Some(set) => found.into_iter().filter(|d| set.tables.contains(&d.table)).collect(),
    };
    let tables = match only {
        None => format!("{} table(s)", schema.tables.len()),
        Some(set) => format!("{} table(s) of the set `{}`", set.tables.len(), set.name),
    };
    match format {
        Format::Json => print_json(&json!({
            "dialect": C::DIALECT.name(),
            "set": only.map(|set| set.name.as_str()),
            "drift": found.iter().map(|d| json!({ "table": d.table, "object": d.object, "message": d.message })).collect::<Vec<_>>(),
        })),
        Format::Text if found.is_empty() => println!("no drift: the database matches the schema ({tables})"),
        Format::Text => {
            println!("the database differs from the schema in {} way(s):", found.len());
            for difference in &found {
                println!("  {difference}");
            }
        }
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(Failure::found(format!(
            "drift found: {} difference(s) between the schema and the database\n  = help: a database behind its migrations (pending, or a draft edited since it was applied: `tablewright migrate status`) catches up with `tablewright migrate up`; otherwise change the schema and generate a migration, or undo the change made by hand",
            found.len()
        )))
    }
}

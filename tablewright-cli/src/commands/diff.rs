//! `diff`: where a live database differs from the schema, read from its catalog.

use serde_json::json;
use tablewright::introspect::drift;
use tablewright::Database;
use tablewright_core::Schema;

use super::print_json;
use crate::args::Format;
use crate::failure::Failure;
use crate::target::connect;

pub fn diff<C: Database>(url: &str, schema: &Schema, format: Format) -> Result<(), Failure> {
    let mut conn = connect::<C>(url)?;
    let catalog = conn
        .catalog()
        .map_err(|e| Failure::error(format!("cannot read the database's catalog: {e}")))?;
    let found = drift(schema, &catalog, C::DIALECT);
    match format {
        Format::Json => print_json(&json!({
            "dialect": C::DIALECT.name(),
            "drift": found.iter().map(|d| json!({ "table": d.table, "message": d.message })).collect::<Vec<_>>(),
        })),
        Format::Text if found.is_empty() => println!(
            "no drift: the database matches the schema ({} table(s))",
            schema.tables.len()
        ),
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
            "drift found: {} difference(s) between the schema and the database\n  = help: change the schema and generate a migration, or undo the change made by hand",
            found.len()
        )))
    }
}

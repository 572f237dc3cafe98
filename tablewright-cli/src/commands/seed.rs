//! `seed`: loads the rows of `seeds/` into a database, parents first, in one transaction, each
//! row inserted only if its primary key is not there yet (so a second run changes nothing).

use std::path::Path;

use tablewright::Database;
use tablewright_core::seeds::{self, check, sql};
use tablewright_core::{Diagnostics, Schema};

use crate::failure::Failure;
use crate::target::connect;

/// The checked seeds of `dir` for `schema`, or every problem at its file:line.
pub fn checked(
    dir: &Path,
    schema: &Schema,
    dialect: tablewright_core::Dialect,
) -> Result<Vec<check::SeedTable>, Failure> {
    let tables = seeds::read_and_check(dir, schema, dialect).map_err(|d| Failure::error(report(d)))?;
    if tables.is_empty() {
        return Err(Failure::error(format!(
            "no seed files in {}/\n  = help: write the rows of a table as seeds/<table>.yaml (a list of mappings) or seeds/<table>.csv (a header row first)",
            dir.display()
        )));
    }
    Ok(tables)
}

fn report(diagnostics: Diagnostics) -> String {
    let count = diagnostics.errors().count();
    format!(
        "{}\n\n{count} error{} in the seeds; nothing was loaded",
        diagnostics
            .errors()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n\n"),
        if count == 1 { "" } else { "s" }
    )
}

pub fn seed<C: Database>(url: &str, dir: &Path, schema: &Schema) -> Result<(), Failure> {
    let tables = checked(dir, schema, C::DIALECT)?;
    let inserts = sql::inserts(&tables, C::DIALECT);
    let mut conn = connect::<C>(url)?;
    let progress = crate::progress::bar(inserts.len() as u64, "{bar:30} {pos}/{len} rows  {msg}");
    let mut inserted: Vec<(String, usize, usize)> = tables.iter().map(|t| (t.table.name.clone(), 0, 0)).collect();
    let result = conn.transaction::<(), diesel::result::Error, _>(|conn| {
        for insert in &inserts {
            progress.set_message(insert.table.clone());
            if let Some((setting, tenant)) = &insert.tenant {
                conn.execute_with_texts(
                    "SELECT set_config($1, $2, true)",
                    &[Some(setting.clone()), Some(tenant.clone())],
                )?;
            }
            let rows = conn.execute_with_texts(&insert.sql, &[]).map_err(|e| {
                diesel::result::Error::QueryBuilderError(
                    format!("{}: the row of `{}` here was refused: {e}", insert.origin, insert.table).into(),
                )
            })?;
            let counts = inserted
                .iter_mut()
                .find(|(t, _, _)| *t == insert.table)
                .expect("every insert's table is seeded");
            if rows > 0 {
                counts.1 += 1;
            } else {
                counts.2 += 1;
            }
            progress.inc(1);
        }
        for statement in sql::after(&tables, C::DIALECT) {
            conn.execute_with_texts(&statement, &[])?;
        }
        Ok(())
    });
    progress.finish_and_clear();
    result.map_err(|e| {
        Failure::error(format!(
            "{e}\n  = help: nothing was loaded: the seeds run in one transaction"
        ))
    })?;
    for (table, new, there) in &inserted {
        println!("{table}: {new} row(s) inserted, {there} already there");
    }
    Ok(())
}

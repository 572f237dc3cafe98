//! The SQL that builds what a schema says the database holds, from nothing: what a scratch space
//! runs so that the database itself shows the schema in its normal form (see [`super::drift`]).

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{Lifecycle, Schema};
use crate::plan::plan;
use crate::render::statements;

/// The statements that create the schema's tables as they are in use: live tables and columns
/// only (what a drop keeps is not part of the schema's shape), and external tables too, as the
/// tables the others' foreign keys need (only their columns are compared).
pub fn build_sql(schema: &Schema, dialect: Dialect) -> Result<Vec<String>, Vec<Diagnostic>> {
    let mut shape = schema.clone();
    shape.tables.retain(|t| t.lifecycle == Lifecycle::Live);
    for table in &mut shape.tables {
        table.external = None;
        table.renamed_from = None;
        table.columns.retain(|c| c.lifecycle == Lifecycle::Live);
        for column in &mut table.columns {
            column.renamed_from = None;
            column.narrowing = None;
        }
    }
    let plan = plan(&Schema::default(), &shape, dialect)?;
    Ok(plan.steps().flat_map(|step| statements(step, dialect)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::parse_str;

    #[test]
    fn a_dropped_column_and_an_external_table_build_as_in_use() {
        let text = "table: shared\nexternal: { owner: other team }\ncolumns:\n  id: { type: integer, primary_key: true }\n---\n\
                    table: mine\ncolumns:\n  id: { type: integer, primary_key: true }\n  old: { type: text, nullable: true, dropped: true }\n";
        let (tables, problems) = parse_str(text, None);
        assert!(problems.is_empty(), "{problems:?}");
        let sql = build_sql(
            &Schema {
                tables,
                ..Default::default()
            },
            Dialect::Postgres,
        )
        .unwrap()
        .join(";\n");
        assert!(sql.contains("CREATE TABLE \"shared\""), "{sql}");
        assert!(sql.contains("CREATE TABLE \"mine\""), "{sql}");
        assert!(!sql.contains("\"old\""), "{sql}");
    }
}

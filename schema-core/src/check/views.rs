//! Views and materialized views: what the database would refuse when the migration runs is
//! refused here, with the line. Materialized views are PostgreSQL's; a view's query must be one
//! statement (nothing after it, nothing left open) and, unless it declares what it reads
//! (`depends_on`), one SELECT that sqlparser reads, so the planner knows what it depends on.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{Lifecycle, Schema};

pub fn schema(schema: &Schema, dialect: Dialect, found: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &crate::model::View> = HashMap::new();
    for view in &schema.views {
        let at = |key: &str| view.origin.key(key);
        if let Some(first) = seen.insert(&view.name, view) {
            found.push(
                Diagnostic::error(
                    "duplicate-name",
                    &view.origin,
                    format!(
                        "view name `{}` is already used by the {} at line {}",
                        view.name,
                        first.kind(),
                        first.origin.line
                    ),
                )
                .help("give one of them another name"),
            );
        }
        if let Some(table) = schema.table(&view.name) {
            found.push(
                Diagnostic::error(
                    "duplicate-name",
                    &view.origin,
                    format!("view name `{}` is already used by a table", table.name),
                )
                .help("a view and a table share one namespace: give the view another name"),
            );
        }
        if view.materialized && dialect != Dialect::Postgres {
            found.push(
                Diagnostic::error(
                    "unsupported-feature",
                    at("materialized"),
                    format!("materialized view `{}`: {} has no materialized views", view.name, dialect.name()),
                )
                .help("declare a plain view (without `materialized: true`), or a table the application fills, or target postgres (docs/yaml.md#views-and-materialized-views)"),
            );
        }
        if !view.materialized && !view.indexes.is_empty() {
            found.push(
                Diagnostic::error(
                    "invalid-value",
                    at("indexes"),
                    format!("view `{}` has indexes, and only a materialized view can", view.name),
                )
                .help("add `materialized: true`, or index the tables it reads"),
            );
        }
        if !view.materialized && !view.with_data {
            found.push(
                Diagnostic::error(
                    "invalid-value",
                    at("with_data"),
                    format!(
                        "view `{}` has `with_data`, which only a materialized view has",
                        view.name
                    ),
                )
                .help("remove `with_data`, or add `materialized: true`"),
            );
        }
        if let Err(why) = crate::sql::one_expression::lexically_one(&view.query, dialect) {
            found.push(
                Diagnostic::error(
                    "invalid-view-query",
                    at("query"),
                    format!("the query of view `{}` is not one statement: {why}", view.name),
                )
                .help("write one SELECT, without comments and without a `;` in it"),
            );
        } else if !view.query_parses() && view.depends_on.is_empty() {
            found.push(
                Diagnostic::error(
                    "invalid-view-query",
                    at("query"),
                    format!(
                        "the query of view `{}` does not read as one SELECT, so what it depends on is unknown",
                        view.name
                    ),
                )
                .help("fix the query; if it is SQL the parser does not know, list the tables, views and functions it reads in `depends_on:`"),
            );
        }
        for read in view.reads() {
            let Some(table) = schema.table(&read) else { continue };
            if table.lifecycle != Lifecycle::Live {
                found.push(
                    Diagnostic::error(
                        "view-reads-dropped",
                        at("query"),
                        format!("view `{}` reads table `{}`, which is dropped", view.name, table.name),
                    )
                    .help("remove the table from the query (or the view) in the change that drops the table"),
                );
            }
        }
        if !view.columns.is_empty() && view.query_parses() {
            // The number of output columns is checked by the database; a repeated name here.
            let mut names: Vec<&String> = view.columns.iter().collect();
            names.sort();
            names.dedup();
            if names.len() != view.columns.len() {
                found.push(
                    Diagnostic::error(
                        "invalid-value",
                        at("columns"),
                        format!("view `{}` names an output column twice", view.name),
                    )
                    .help("give each output column its own name"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::source::yaml::parse_schema_str;

    fn problems(text: &str, dialect: Dialect) -> Vec<String> {
        let (schema, mut found) = parse_schema_str(text, None);
        found.extend(crate::check::check_schema(&schema, dialect));
        found
            .iter()
            .map(|d| format!("{} {}:{} {}", d.code, d.origin.line, d.origin.column, d.message))
            .collect()
    }

    const LOTS: &str = "table: lots\ncolumns:\n  id: { type: bigserial, primary_key: true }\n  qty: integer\n---\n";

    #[test]
    fn a_materialized_view_is_refused_on_mysql_and_sqlite() {
        let text = format!("{LOTS}view: totals\nmaterialized: true\nquery: SELECT sum(qty) AS qty FROM lots\n");
        assert!(problems(&text, Dialect::Postgres).is_empty());
        for dialect in [Dialect::Mysql, Dialect::Sqlite] {
            let found = problems(&text, dialect);
            assert_eq!(found.len(), 1, "{found:#?}");
            assert!(
                found[0].starts_with("unsupported-feature 7:1 materialized view `totals`"),
                "{found:#?}"
            );
        }
        let plain = format!("{LOTS}view: totals\nquery: SELECT sum(qty) AS qty FROM lots\n");
        assert!(problems(&plain, Dialect::Sqlite).is_empty());
    }

    #[test]
    fn a_query_is_one_select_or_declares_what_it_reads() {
        let smuggled = format!("{LOTS}view: v\nquery: SELECT 1; DROP TABLE lots\n");
        let found = problems(&smuggled, Dialect::Postgres);
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("invalid-view-query 7:1") && p.contains("`;`")),
            "{found:#?}"
        );
        let odd = format!("{LOTS}view: v\nquery: SELECT qty FROM lots TABLESAMPLE SYSTEM_ROWS(10) WITH ORDINALITY x\n");
        let found = problems(&odd, Dialect::Postgres);
        assert!(
            found.iter().any(|p| p.contains("does not read as one SELECT")),
            "{found:#?}"
        );
        let declared = format!("{odd}depends_on: [lots]\n");
        assert!(problems(&declared, Dialect::Postgres).is_empty());
        let indexed = format!("{LOTS}view: v\nquery: SELECT qty FROM lots\nindexes:\n  - {{ columns: [qty] }}\n");
        let found = problems(&indexed, Dialect::Postgres);
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("invalid-value 8:1 view `v` has indexes")),
            "{found:#?}"
        );
    }
}

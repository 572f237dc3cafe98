//! Exclusion constraints: PostgreSQL only; their columns exist; their expressions and predicate
//! are one expression each on the database (as index keys and predicates are).

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{Origin, Table};
use crate::sql::one_expression::validate;

pub fn check(table: &Table, dialect: Option<Dialect>, found: &mut Vec<Diagnostic>) {
    for exclusion in &table.exclusions {
        if table.is_external() {
            found.push(
                Diagnostic::error(
                    "external-table",
                    &exclusion.origin,
                    format!(
                        "`{}` is an external table, so its exclusion constraint cannot be declared here",
                        table.name
                    ),
                )
                .help("external tables are never migrated: ask the owning team for schema changes"),
            );
            continue;
        }
        if let Some(dialect @ (Dialect::Mysql | Dialect::Sqlite)) = dialect {
            found.push(
                Diagnostic::error(
                    "unsupported-feature",
                    &exclusion.origin,
                    format!(
                        "exclusion constraint `{}` on `{}`: {dialect} has no exclusion constraints",
                        exclusion.name, table.name
                    ),
                )
                .help("keep the table on PostgreSQL, or enforce the rule in the application (or a trigger) and remove `excludes`"),
            );
        }
        for column in exclusion.elements.iter().filter_map(|e| e.key.column_name()) {
            if table.column(column).is_some_and(|c| !c.lifecycle.is_live()) {
                found.push(
                    Diagnostic::error(
                        "uses-dropped-column",
                        exclusion.origin.key("elements"),
                        format!(
                            "exclusion constraint `{}` uses `{}.{column}`, which is dropped",
                            exclusion.name, table.name
                        ),
                    )
                    .help("remove it from the schema too: a dropped column's constraints and indexes go with it"),
                );
            } else if table.column(column).is_none() {
                found.push(
                    Diagnostic::error(
                        "unknown-column",
                        exclusion.origin.key("elements"),
                        format!(
                            "exclusion constraint `{}` names unknown column `{}.{column}`",
                            exclusion.name, table.name
                        ),
                    )
                    .help(format!(
                        "columns are: {}",
                        table
                            .live_columns()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            }
        }
        if let Some(dialect) = dialect {
            let mut each = |what: &str, expr: &crate::sql::SqlExpr, origin: &Origin| {
                if let Err(problem) = validate(expr.as_str(), dialect) {
                    found.push(
                        Diagnostic::error(
                            "invalid-expression",
                            origin,
                            format!(
                                "{what} of exclusion constraint `{}` `{expr}` is not one SQL expression on {dialect}: {problem}",
                                exclusion.name
                            ),
                        )
                        .help("write one expression, e.g. `tstzrange(starts_at, ends_at)` or `NOT cancelled`"),
                    );
                }
            };
            for expr in exclusion.elements.iter().filter_map(|e| e.key.expression_text()) {
                each("an element", expr, exclusion.origin.key("elements"));
            }
            if let Some(predicate) = &exclusion.predicate {
                each("`where`", predicate, exclusion.origin.key("where"));
            }
        }
    }
}

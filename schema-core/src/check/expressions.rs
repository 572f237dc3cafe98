//! Every expression a table writes in SQL (checks, `default_sql`, index keys and predicates), read as the
//! target database reads it: one expression, nothing that ends the statement or comments out the
//! rest of it, and no query. The reader of the schema already refused what is unsafe on any
//! database (`;`, comments, backslashes, dollar quotes); this reads each one with the database's
//! own string forms and grammar ([`crate::sql::one_expression`]).

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{DefaultValue, Origin, Table};
use crate::sql::one_expression::validate;
use crate::sql::SqlExpr;

pub fn check(table: &Table, dialect: Dialect, found: &mut Vec<Diagnostic>) {
    let mut each = |what: String, expr: &SqlExpr, origin: &Origin| {
        if let Err(problem) = validate(expr.as_str(), dialect) {
            found.push(
                Diagnostic::error(
                    "invalid-expression",
                    origin,
                    format!("{what} `{expr}` is not one SQL expression on {dialect}: {problem}"),
                )
                .help("write one expression, as it would stand in CHECK (...) or WHERE ..., e.g. `quantity > 0`; strings in single quotes, a quote inside doubled (`'it''s'`)"),
            );
        }
    };
    for check in &table.checks {
        each(format!("check `{}`", check.name), &check.expr, &check.origin);
    }
    for column in table.live_columns() {
        if let Some(DefaultValue::Sql(expr)) = &column.default {
            each(
                format!("default of `{}.{}`", table.name, column.name),
                expr,
                column.origin.key("default"),
            );
        }
    }
    for index in &table.indexes {
        for expr in index.columns.iter().filter_map(|k| k.expression_text()) {
            each(
                format!("key of index `{}`", index.name),
                expr,
                index.origin.key("columns"),
            );
        }
        if let Some(predicate) = &index.predicate {
            each(
                format!("predicate of index `{}`", index.name),
                predicate,
                index.origin.key("predicate"),
            );
        }
    }
}

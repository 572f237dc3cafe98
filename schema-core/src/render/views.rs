//! The SQL of views and materialized views. Names go through the dialect's quoting; the query is
//! the schema's SQL, put in as written (the checks made sure it is one statement). Materialized
//! views and comments are PostgreSQL's (the checks refuse the one elsewhere; the other stays in
//! the schema as documentation).

use super::SqlDialect;
use crate::dialect::Dialect;
use crate::model::View;
use crate::plan::ViewStep;

pub(super) fn statements<S: SqlDialect + ?Sized>(sql: &S, step: &ViewStep) -> Vec<String> {
    use ViewStep::*;
    match step {
        Create { view, .. } => create(sql, view),
        Drop { view, .. } => vec![format!("DROP {} {}", view.kind_sql(), sql.ident(&view.name))],
        Replace { view, .. } => vec![definition(sql, view, "CREATE OR REPLACE VIEW")],
        // Declared with `renamed_from`, so the linter is told (PostgreSQL's form is one its
        // parser does not read).
        Rename { view, from } if sql.dialect() == Dialect::Mysql => vec![format!(
            "-- tablewright-lint: ignore renaming-table (a view, declared with `renamed_from`)\nRENAME TABLE {} TO {}",
            sql.ident(from),
            sql.ident(&view.name)
        )],
        Rename { view, from } => vec![format!(
            "-- tablewright-lint: ignore unparsed-statement (ALTER {} ... RENAME TO, declared with `renamed_from`)\nALTER {} {} RENAME TO {}",
            view.kind_sql(),
            view.kind_sql(),
            sql.ident(from),
            sql.ident(&view.name)
        )],
        Comment { view, .. } => comment(sql, view),
    }
}

/// `<head> name (columns) AS` and the query on the lines after.
fn definition<S: SqlDialect + ?Sized>(sql: &S, view: &View, head: &str) -> String {
    let columns = if view.columns.is_empty() {
        String::new()
    } else {
        format!(" ({})", sql.idents(&view.columns))
    };
    format!("{head} {}{columns} AS\n{}", sql.ident(&view.name), view.query)
}

/// The view, then its indexes and comments.
fn create<S: SqlDialect + ?Sized>(sql: &S, view: &View) -> Vec<String> {
    let mut text = definition(sql, view, &format!("CREATE {}", view.kind_sql()));
    if view.materialized && !view.with_data {
        text.push_str("\nWITH NO DATA");
    }
    let mut statements = vec![text];
    for index in &view.indexes {
        statements.extend(sql.create_index(&view.name, index, false));
        if let Some(text) = &index.comment {
            statements.extend(sql.comment_constraint(&view.name, &index.name, true, Some(text)));
        }
    }
    if view.comment.is_some() {
        statements.extend(comment(sql, view));
    }
    statements
}

fn comment<S: SqlDialect + ?Sized>(sql: &S, view: &View) -> Vec<String> {
    if sql.dialect() != Dialect::Postgres {
        return Vec::new();
    }
    let value = view
        .comment
        .as_deref()
        .map(|c| sql.literal(c))
        .unwrap_or_else(|| "NULL".into());
    vec![format!(
        "COMMENT ON {} {} IS {value}",
        view.kind_sql(),
        sql.ident(&view.name)
    )]
}

//! Comments of keys, constraints and indexes. A constraint or index created anew (with its table,
//! on its own, or again after a change) gets its comment right after it, so a comment is never
//! lost to a drop and re-create, and a down that re-creates the old one restores the old
//! comment; a comment alone that changes is a step of its own (`Step::CommentConstraint`).
//!
//! Only PostgreSQL stores them (`COMMENT ON CONSTRAINT`, `COMMENT ON INDEX`); on MySQL and
//! SQLite they stay in the schema, as documentation.

use super::SqlDialect;
use crate::plan::Step;

/// The comment statements that follow a step creating commented constraints or indexes.
pub(super) fn of_created<D: SqlDialect + ?Sized>(sql: &D, step: &Step) -> Vec<String> {
    let constraint = |table: &str, name: &str, comment: &Option<String>| match comment {
        Some(text) => sql.comment_constraint(table, name, false, Some(text)),
        None => Vec::new(),
    };
    match step {
        Step::CreateTable { table, foreign_keys } => {
            let mut out = Vec::new();
            if let Some(pk) = &table.primary_key {
                out.extend(constraint(&table.name, &pk.name, &pk.comment));
            }
            for unique in &table.uniques {
                out.extend(constraint(&table.name, &unique.name, &unique.comment));
            }
            for check in &table.checks {
                out.extend(constraint(&table.name, &check.name, &check.comment));
            }
            for fk in foreign_keys {
                out.extend(constraint(&table.name, &fk.name, &fk.comment));
            }
            out
        }
        Step::AddColumn {
            table,
            foreign_key: Some(fk),
            ..
        } => constraint(table, &fk.name, &fk.comment),
        Step::AddUnique { table, unique } | Step::AttachUnique { table, unique } => {
            constraint(table, &unique.name, &unique.comment)
        }
        Step::AddCheck { table, check, .. } => constraint(table, &check.name, &check.comment),
        Step::AddForeignKey { table, foreign_key, .. } => constraint(table, &foreign_key.name, &foreign_key.comment),
        Step::ChangePrimaryKey { table, after, .. } => constraint(table, &after.name, &after.comment),
        Step::AddExclusion { table, exclusion, .. } => constraint(table, &exclusion.name, &exclusion.comment),
        Step::CreateIndex { table, index, .. } => match &index.comment {
            Some(text) => sql.comment_constraint(table, &index.name, true, Some(text)),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

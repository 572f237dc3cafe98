//! The rules a schema must follow before any SQL is written for it. Every rule runs and every
//! problem is returned, so a user fixes all of them in one round.
//!
//! Table-local rules run in the derive too (as spanned compile errors); rules that need the whole
//! schema (foreign keys, name collisions across tables) run in the build script and the CLI.

mod case;
pub(crate) mod columns;
mod composites;
mod constraints;
mod exclusions;
mod expressions;
mod external;
mod functions;
mod groups;
mod indexes;
mod lifecycle;
mod mysql_sizes;
mod names;
mod pg_types;
mod references;
mod reserved;
mod sequences;
mod tenant;
mod views;
pub mod waivers;

pub use waivers::WAIVABLE;

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::model::{Schema, Table};

/// Every rule that needs only the table itself. `dialect` is `None` when the target is not known
/// yet (a derive compiled without a build script): dialect-specific rules are skipped then.
/// Findings a table waives on purpose are not returned.
pub fn check_table(table: &Table, dialect: Option<Dialect>) -> Vec<Diagnostic> {
    let mut found = table_findings(table, dialect);
    waivers::apply(&[table], &mut found);
    found
}

/// Every finding of the table-local rules, waived or not.
fn table_findings(table: &Table, dialect: Option<Dialect>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if table.origin.read_with_errors {
        return found; // what it says is incomplete; its errors are reported
    }
    waivers::table(table, &mut found);
    names::table(table, dialect, &mut found);
    reserved::table(table, dialect, &mut found);
    case::table(table, dialect, &mut found);
    lifecycle::table(table, &mut found);
    groups::table(table, &mut found);
    if !table.is_live() {
        // A dropped table only has to keep fitting its names; nothing else is built for it.
        return found;
    }
    columns::check(table, dialect, &mut found);
    sequences::check(table, dialect, &mut found);
    indexes::check(table, dialect, &mut found);
    constraints::check(table, dialect, &mut found);
    exclusions::check(table, dialect, &mut found);
    tenant::check(table, dialect, &mut found);
    external::check(table, &mut found);
    functions::table(table, dialect, &mut found);
    if let Some(dialect) = dialect {
        expressions::check(table, dialect, &mut found);
    }
    if dialect == Some(Dialect::Mysql) {
        mysql_sizes::check(table, &mut found);
    }
    found
}

/// Every rule, for a whole schema. Findings a table waives are not returned; waivers that
/// answer nothing are (`unused-waiver`).
pub fn check_schema(schema: &Schema, dialect: Dialect) -> Vec<Diagnostic> {
    // Each table's own rules read that table alone: a large schema's run on every core.
    let mut found: Vec<Diagnostic> = crate::parallel::map(&schema.tables, |table| table_findings(table, Some(dialect)))
        .into_iter()
        .flatten()
        .collect();
    names::schema(schema, dialect, &mut found);
    case::schema(schema, dialect, &mut found);
    references::check(schema, &mut found);
    groups::schema(schema, &mut found);
    lifecycle::schema(schema, &mut found);
    tenant::schema(schema, &mut found);
    pg_types::schema(schema, dialect, &mut found);
    composites::schema(schema, dialect, &mut found);
    functions::schema(schema, dialect, &mut found);
    views::schema(schema, dialect, &mut found);
    let unused = waivers::unused(schema, &found);
    waivers::apply(&schema.tables.iter().collect::<Vec<_>>(), &mut found);
    found.extend(unused);
    crate::diagnostic::collapse(found)
}

/// Whether the column's type is what its declaration says (not `text` standing in for a type
/// that could not be read): rules about the type judge only those.
fn type_known(column: &crate::model::Column) -> bool {
    !column.origin.read_with_errors
}

/// True if `columns` are the leading columns (in any order) of `candidate`.
fn covers(candidate: &[String], columns: &[String]) -> bool {
    candidate.len() >= columns.len() && columns.iter().all(|c| candidate[..columns.len()].contains(c))
}

/// Column lists of everything that gives the table a usable B-tree: the primary key, unique
/// constraints and full (non-partial) B-tree indexes.
fn btree_keys(table: &Table) -> impl Iterator<Item = Vec<String>> + '_ {
    let pk = table.primary_key.iter().map(|pk| pk.columns.clone());
    let uniques = table.uniques.iter().map(|u| u.columns.clone());
    let indexes = table
        .indexes
        .iter()
        .filter(|i| i.method == crate::model::IndexMethod::Btree && i.predicate.is_none())
        .map(|i| i.leading_columns());
    pk.chain(uniques).chain(indexes)
}

/// Whether a B-tree serves lookups by `columns` (a foreign key's, for the deletes and updates of
/// the parent): a full one, or a partial one whose predicate only says some of these columns
/// are not null (`WHERE moved_to_id IS NOT NULL`), which every lookup by a value implies.
fn is_indexed(table: &Table, columns: &[String]) -> bool {
    let partial = table
        .indexes
        .iter()
        .filter(|i| i.method == crate::model::IndexMethod::Btree)
        .filter(|i| i.predicate.as_ref().is_some_and(|p| only_not_null(p.as_str(), columns)))
        .map(|i| i.leading_columns());
    btree_keys(table).chain(partial).any(|key| covers(&key, columns))
}

/// True if `predicate` is `c IS NOT NULL`, or several joined by AND, with every `c` in
/// `columns` (parentheses and quotes aside).
fn only_not_null(predicate: &str, columns: &[String]) -> bool {
    let plain: String = predicate
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '"' | '`'))
        .collect::<String>()
        .to_ascii_lowercase();
    let words: Vec<&str> = plain.split_whitespace().collect();
    words.split(|w| *w == "and").all(|part| match part {
        [column, "is", "not", "null"] => columns.iter().any(|c| c.eq_ignore_ascii_case(column)),
        _ => false,
    })
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod waiver_tests;

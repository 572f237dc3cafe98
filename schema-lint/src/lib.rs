//! Tablewright's migration linter: finds the statements of a SQL migration that lose data, take
//! long or blocking locks, fail inside the runner's transaction, or leave a multi-tenant table
//! open, and says how to write each one safely.
//!
//! It reads hand-written and generated migrations alike, for PostgreSQL (first), MySQL/MariaDB
//! and SQLite. Every rule is listed in [`RULES`] and in `docs/lint.md`.
//!
//! ```
//! use tablewright_lint::{lint_sql, Dialect, Options};
//!
//! let findings = lint_sql("ALTER TABLE lots DROP COLUMN legacy_code;", Dialect::Postgres, &Options::default());
//! let drop = findings.iter().find(|f| f.rule == "drop-column").unwrap();
//! assert_eq!((drop.line, drop.column), (1, 30));
//! println!("{drop}");
//! ```
//!
//! A finding the author has weighed is accepted with a comment on the line before the statement,
//! `-- tablewright-lint: ignore drop-column (reason)`, or for the whole file with
//! `-- tablewright-lint: ignore-file rule-name`.

mod context;
mod expr;
mod fast;
mod finding;
mod ignore;
mod parse;
mod path;
mod rules;
mod settings;
mod source;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub use finding::{findings_to_github, findings_to_json, findings_to_sarif, summary, Finding};
pub use path::{lint_generated_migrations, lint_new_migrations, lint_path, Error};
pub use rules::{rule_named, Rule, RULES};
pub use tablewright_core::{Dialect, Severity};

use context::{Catalog, Declared, Migration};

/// The statements of a script, parsed once: a folder's scripts are read for the schema after
/// the last migration, then linted, from the same statements.
pub(crate) fn statements(sql: &str, dialect: Dialect, parsing: parse::Parsing) -> Vec<parse::Stmt> {
    parse::parse(source::pieces(sql, dialect), dialect, parsing)
}

/// What the linter assumes about the migrations it reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The column that holds the tenant; a table with it is a tenant table.
    pub tenant_column: String,
    /// The setting that holds the current tenant, used in the fixes the linter suggests.
    pub tenant_setting: String,
    /// Whether the runner wraps a migration in one transaction. Diesel's default is `true`;
    /// [`lint_path`] reads it from each migration's `metadata.toml` instead.
    pub run_in_transaction: bool,
    /// [`lint_path`] also lints `down.sql`, which by nature drops what `up.sql` created.
    pub include_down: bool,
    /// Rule names not to run.
    pub disabled: BTreeSet<String>,
    /// Severities that replace a rule's own: a house rule such as `fk-without-on-delete` made a
    /// warning, or a warning made an error.
    pub levels: BTreeMap<String, Severity>,
    /// [`lint_path`] reads the migrations up to this version (included) for what they create,
    /// and reports only the later ones: old history is not re-litigated. Versions compare as
    /// diesel's, the folder name's part before the first `_` without dashes.
    pub start_after: Option<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            tenant_column: "tenant_id".to_string(),
            tenant_setting: "app.current_tenant_id".to_string(),
            run_in_transaction: true,
            include_down: false,
            disabled: BTreeSet::new(),
            levels: BTreeMap::new(),
            start_after: None,
        }
    }
}

/// Lints one migration's SQL, as if nothing before it were known: every table it does not create
/// is an existing table, possibly large and in use.
pub fn lint_sql(sql: &str, dialect: Dialect, options: &Options) -> Vec<Finding> {
    lint_sql_parsed(sql, dialect, options, parse::Parsing::Fast)
}

fn lint_sql_parsed(sql: &str, dialect: Dialect, options: &Options, parsing: parse::Parsing) -> Vec<Finding> {
    lint_file(
        sql,
        statements(sql, dialect, parsing),
        None,
        dialect,
        options,
        options.run_in_transaction,
        Catalog::default(),
        None,
        None,
    )
    .0
}

/// The linter with every statement read by sqlparser, none by the fast path: for the tests that
/// show both give the same findings. Not part of the API.
#[doc(hidden)]
pub mod full_parse {
    use super::*;

    pub fn lint_sql(sql: &str, dialect: Dialect, options: &Options) -> Vec<Finding> {
        lint_sql_parsed(sql, dialect, options, parse::Parsing::Full)
    }

    pub fn lint_path(path: &Path, dialect: Dialect, options: &Options) -> Result<Vec<Finding>, Error> {
        path::lint_path_parsed(path, dialect, options, parse::Parsing::Full)
    }
}

/// Whether any finding is an error (the command line exits with a failure then).
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(Finding::is_error)
}

/// Lints one file (`sql`, parsed as `statements`) on top of what earlier migrations made
/// (`history`), and returns the findings and the schema afterwards. `future` is the schema after the last migration of the folder;
/// `declared`, what the schema of a generated migration declares.
#[allow(clippy::too_many_arguments)]
pub(crate) fn lint_file(
    sql: &str,
    statements: Vec<parse::Stmt>,
    file: Option<&Path>,
    dialect: Dialect,
    options: &Options,
    in_transaction: bool,
    history: Catalog,
    future: Option<&Catalog>,
    declared: Option<&Declared>,
) -> (Vec<Finding>, Catalog) {
    let ignores = ignore::directives(&source::comments(sql), &statements);
    let mut migration = Migration::new(statements, dialect, options, in_transaction, history, future);
    migration.directive_problems = ignores.problems.clone();
    migration.declared = declared;
    let lines: Vec<&str> = sql.lines().collect();
    let order = |name: &str| RULES.iter().position(|r| r.name == name).unwrap_or(usize::MAX);
    let mut findings: Vec<Finding> = rules::run(&migration)
        .into_iter()
        .filter(|(rule, hit)| !ignores.covers(rule.name, hit.statement))
        .map(|(rule, hit)| {
            let statement = &migration.statements[hit.statement];
            let (line, column) = hit.at.unwrap_or((statement.line, statement.column));
            // The line at fault when it is not the statement's first.
            let excerpt = match lines.get(line.wrapping_sub(1)) {
                Some(text) if line != statement.line => source::excerpt(text.trim()),
                _ => source::excerpt(&statement.text),
            };
            Finding {
                rule: rule.name,
                severity: options.levels.get(rule.name).copied().unwrap_or(rule.severity),
                message: hit.message,
                help: hit.help,
                file: file.map(Path::to_path_buf),
                line,
                column,
                statement: hit.statement + 1,
                excerpt: hit.excerpt.unwrap_or(excerpt),
            }
        })
        .collect();
    findings.sort_by_key(|f| (f.line, f.column, order(f.rule)));
    (findings, migration.after)
}

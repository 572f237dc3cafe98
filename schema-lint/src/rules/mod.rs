//! Every rule, in one table: the engine runs it and `docs/lint.md` is checked against it.
//!
//! A rule is a function from the whole migration to its hits; most look at one statement at a
//! time, the tenant rules at what the migration leaves behind.

mod adding_domain_constraint;
mod adding_exclusion_constraint;
mod adding_required_column;
mod adding_unique_constraint;
mod adding_volatile_default;
mod backfill_in_one_statement;
mod changing_column_type;
mod cluster;
mod constraint_missing_not_valid;
mod create_index_not_concurrently;
mod current_setting_cast_without_nullif;
mod current_setting_without_missing_ok;
mod delete_without_where;
mod detach_partition_not_concurrently;
mod drop_column;
mod drop_database;
mod drop_index_not_concurrently;
mod drop_not_null;
mod drop_primary_key;
mod drop_table;
mod fk_without_on_delete;
mod identifier_too_long;
mod invalid_ignore;
mod missing_lock_timeout;
mod missing_statement_timeout;
mod policy_fails_open;
mod policy_missing_with_check;
mod prefer_bigint;
mod prefer_robust_statements;
mod prefer_text;
mod prefer_timestamptz;
mod refresh_materialized_view_not_concurrently;
mod refused_in_transaction;
mod reindex_not_concurrently;
mod renaming_column;
mod renaming_schema;
mod renaming_table;
mod rls_without_policy;
mod session_wide_tenant_setting;
mod setting_not_null;
mod tenant_without_forced_rls;
mod transaction_control;
mod truncate_table;
mod unindexed_foreign_key;
mod unparsed_statement;
mod update_without_where;
mod vacuum_full;

use sqlparser::ast::{
    AlterTable, AlterTableOperation, ColumnOption, CreatePolicyCommand, Expr, ForeignKeyConstraint, Ident, ObjectName,
    Statement, TableConstraint,
};
use tablewright_core::sql::quote;
use tablewright_core::{Dialect, Severity};

use crate::context::{name_key, Migration};
use crate::parse::Stmt;

/// A lint rule.
#[derive(Debug)]
pub struct Rule {
    /// Stable kebab-case name, used in findings, ignore comments and the docs.
    pub name: &'static str,
    pub severity: Severity,
    /// The databases it applies to.
    pub dialects: &'static [Dialect],
    /// One line: what it finds.
    pub summary: &'static str,
    /// A style preference, not a hazard: it runs only when the project gives it a level
    /// ([`crate::Options::levels`], `[lint] levels` in tablewright.toml).
    pub opt_in: bool,
    pub(crate) check: fn(&Migration) -> Vec<Hit>,
}

const ALL: &[Dialect] = &[Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite];
const PG: &[Dialect] = &[Dialect::Postgres];
const PG_MYSQL: &[Dialect] = &[Dialect::Postgres, Dialect::Mysql];
const PG_SQLITE: &[Dialect] = &[Dialect::Postgres, Dialect::Sqlite];

const fn rule(
    name: &'static str,
    severity: Severity,
    dialects: &'static [Dialect],
    summary: &'static str,
    check: fn(&Migration) -> Vec<Hit>,
) -> Rule {
    Rule {
        name,
        severity,
        dialects,
        summary,
        opt_in: false,
        check,
    }
}

/// A style rule: a warning, run only when the project asks for it.
const fn style(name: &'static str, summary: &'static str, check: fn(&Migration) -> Vec<Hit>) -> Rule {
    Rule {
        name,
        severity: Severity::Warning,
        dialects: PG,
        summary,
        opt_in: true,
        check,
    }
}

use Severity::{Error, Warning};

/// All rules, grouped as in `docs/lint.md`: one line each, so it reads as a table.
#[rustfmt::skip]
pub static RULES: &[Rule] = &[
    // Data loss
    rule("drop-table", Error, ALL, "`DROP TABLE` on an existing table deletes its rows for good", drop_table::check),
    rule("drop-column", Error, ALL, "`DROP COLUMN` on an existing table deletes the column's values for good", drop_column::check),
    rule("truncate-table", Error, PG_MYSQL, "`TRUNCATE` deletes every row of an existing table", truncate_table::check),
    rule("delete-without-where", Error, ALL, "`DELETE` without `WHERE` deletes every row of an existing table", delete_without_where::check),
    rule("update-without-where", Error, ALL, "`UPDATE` without `WHERE` changes every row of an existing table in one transaction", update_without_where::check),
    rule("drop-database", Error, PG_MYSQL, "`DROP DATABASE` deletes a whole database", drop_database::check),
    // Rewrites and blocking locks
    rule("changing-column-type", Error, PG_MYSQL, "a column type change rewrites the table under an exclusive lock", changing_column_type::check),
    rule("adding-volatile-default", Error, PG_SQLITE, "a column added with a per-row default (volatile function, serial, identity, stored generated) rewrites the table; SQLite refuses non-constant defaults", adding_volatile_default::check),
    rule("setting-not-null", Error, PG, "`SET NOT NULL` scans the whole table under ACCESS EXCLUSIVE", setting_not_null::check),
    rule("adding-required-column", Error, ALL, "a NOT NULL column without a default cannot be added to a table with rows", adding_required_column::check),
    rule("vacuum-full", Error, PG, "`VACUUM FULL` rewrites the table under ACCESS EXCLUSIVE", vacuum_full::check),
    rule("cluster", Error, PG, "`CLUSTER` rewrites the table under ACCESS EXCLUSIVE", cluster::check),
    rule("backfill-in-one-statement", Warning, PG, "one `UPDATE` fills a column for every row of an existing table, locking them all until the migration commits", backfill_in_one_statement::check),
    rule("reindex-not-concurrently", Error, PG, "`REINDEX` without `CONCURRENTLY` blocks writes while it rebuilds", reindex_not_concurrently::check),
    rule("refresh-materialized-view-not-concurrently", Error, PG, "`REFRESH MATERIALIZED VIEW` without `CONCURRENTLY` blocks every read of the view", refresh_materialized_view_not_concurrently::check),
    rule("missing-lock-timeout", Warning, PG_MYSQL, "a statement that locks an existing table runs without a lock timeout, so it can queue every query behind it", missing_lock_timeout::check),
    rule("missing-statement-timeout", Warning, PG, "a statement that rewrites, scans or indexes an existing table while blocking writes runs without a statement timeout", missing_statement_timeout::check),
    // Indexes and constraints
    rule("create-index-not-concurrently", Error, PG, "`CREATE INDEX` without `CONCURRENTLY` on an existing table blocks writes while it builds", create_index_not_concurrently::check),
    rule("drop-index-not-concurrently", Error, PG, "`DROP INDEX` without `CONCURRENTLY` takes ACCESS EXCLUSIVE on an existing table", drop_index_not_concurrently::check),
    rule("refused-in-transaction", Error, PG, "`CONCURRENTLY`, `VACUUM` and friends in a migration that runs in a transaction fail", refused_in_transaction::check),
    rule("transaction-control", Error, ALL, "`BEGIN`/`COMMIT` inside a migration the runner already wraps in a transaction", transaction_control::check),
    rule("constraint-missing-not-valid", Error, PG, "a foreign key or check added to an existing table without `NOT VALID` scans it under lock", constraint_missing_not_valid::check),
    rule("adding-exclusion-constraint", Error, PG, "an `EXCLUDE` constraint added to an existing table builds its index under ACCESS EXCLUSIVE", adding_exclusion_constraint::check),
    rule("adding-domain-constraint", Error, PG, "`ALTER DOMAIN ... ADD CONSTRAINT` without `NOT VALID` checks every column of the domain while blocking writes", adding_domain_constraint::check),
    rule("drop-primary-key", Error, PG_MYSQL, "dropping the primary key of an existing table takes ACCESS EXCLUSIVE and leaves it without a key", drop_primary_key::check),
    rule("detach-partition-not-concurrently", Error, PG, "`DETACH PARTITION` without `CONCURRENTLY` takes ACCESS EXCLUSIVE on the partitioned table", detach_partition_not_concurrently::check),
    rule("adding-unique-constraint", Error, PG, "a unique constraint or primary key added to an existing table builds its index under ACCESS EXCLUSIVE", adding_unique_constraint::check),
    // Compatibility with running code
    rule("renaming-table", Error, ALL, "renaming an existing table breaks the code that still uses the old name", renaming_table::check),
    rule("renaming-schema", Error, PG, "renaming a schema breaks everything that names it", renaming_schema::check),
    rule("drop-not-null", Warning, PG_MYSQL, "`DROP NOT NULL` on an existing column breaks code that reads it as always set", drop_not_null::check),
    rule("renaming-column", Error, ALL, "renaming a column of an existing table breaks the code that still uses the old name", renaming_column::check),
    // Schema rules
    rule("identifier-too-long", Error, PG_MYSQL, "a name over 63 bytes (PostgreSQL truncates it) or 64 characters (MySQL refuses it)", identifier_too_long::check),
    rule("fk-without-on-delete", Error, ALL, "a foreign key that does not say what happens ON DELETE", fk_without_on_delete::check),
    rule("unindexed-foreign-key", Error, PG_SQLITE, "a foreign key whose columns lead no index, so deletes in the parent scan the child", unindexed_foreign_key::check),
    // Tenants and row-level security
    rule("tenant-without-forced-rls", Error, PG, "a table with the tenant column whose row-level security is missing, not forced, or turned off", tenant_without_forced_rls::check),
    rule("rls-without-policy", Error, PG, "row-level security enabled on a table with no policy: non-owners see no rows", rls_without_policy::check),
    rule("current-setting-without-missing-ok", Error, PG, "a policy reads `current_setting('x')` without `missing_ok`, which raises in a session without the setting", current_setting_without_missing_ok::check),
    rule("current-setting-cast-without-nullif", Error, PG, "a policy casts `current_setting(...)` without `NULLIF(..., '')`, which raises once a transaction-local tenant has ended", current_setting_cast_without_nullif::check),
    rule("policy-fails-open", Error, PG, "a policy that is TRUE for every row when the tenant is unset or empty, or always", policy_fails_open::check),
    rule("policy-missing-with-check", Error, PG, "a policy without `WITH CHECK` whose `USING` lets rows of any tenant be written, or an INSERT policy that allows nothing", policy_missing_with_check::check),
    rule("session-wide-tenant-setting", Error, PG, "`SET app.x` or `set_config(..., false)` sets a custom setting for the whole session, which leaks across pooled connections", session_wide_tenant_setting::check),
    // Style preferences (opt-in: they run only with a level in the project's settings)
    style("prefer-text", "(opt-in) `varchar(n)` where `text` (with a check, if the length matters) changes without a rewrite", prefer_text::check),
    style("prefer-bigint", "(opt-in) `integer`, `smallint` or `serial` columns, which run out where `bigint` does not", prefer_bigint::check),
    style("prefer-timestamptz", "(opt-in) `timestamp` without time zone, whose values mean different instants in different sessions", prefer_timestamptz::check),
    style("prefer-robust-statements", "(opt-in) `CREATE` without `IF NOT EXISTS` or `DROP` without `IF EXISTS` in a migration outside a transaction, which a retry after a failure cannot rerun", prefer_robust_statements::check),
    // The linter itself
    rule("unparsed-statement", Warning, ALL, "a statement the SQL parser cannot read, so no rule checked it", unparsed_statement::check),
    rule("invalid-ignore", Warning, ALL, "an ignore comment with an unknown directive or rule name", invalid_ignore::check),
];

/// The rule named `name`.
pub fn rule_named(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}

/// One problem a rule found; the engine adds the rule's name and severity and the statement's
/// file position and excerpt.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub statement: usize,
    pub message: String,
    pub help: String,
    /// A position inside the statement, when the parser recorded one for the part at fault.
    pub at: Option<(usize, usize)>,
    pub excerpt: Option<String>,
}

impl Hit {
    pub fn new(statement: &Stmt, message: impl Into<String>, help: impl Into<String>) -> Hit {
        Hit {
            statement: statement.index,
            message: message.into(),
            help: help.into(),
            at: None,
            excerpt: None,
        }
    }

    pub fn at(mut self, at: Option<(usize, usize)>) -> Hit {
        self.at = at.or(self.at);
        self
    }
}

// ---- Helpers shared by the rules -------------------------------------------------------------

/// An identifier quoted for PostgreSQL/SQLite or MySQL, for fixes shown in help lines.
pub(crate) fn q(m: &Migration, name: &str) -> String {
    quote::ident(m.dialect, name)
}

/// Every column a statement declares (`CREATE TABLE`, `ADD COLUMN`) or retypes (`ALTER COLUMN
/// ... TYPE`), with its table: what the style rules read.
pub(crate) fn typed_columns<'m>(
    m: &'m Migration,
) -> impl Iterator<Item = (&'m Stmt, &'m ObjectName, &'m Ident, &'m sqlparser::ast::DataType)> + 'm {
    m.parsed().flat_map(|(s, ast)| {
        let mut found = Vec::new();
        match ast {
            Statement::CreateTable(create) => {
                for column in &create.columns {
                    found.push((s, &create.name, &column.name, &column.data_type));
                }
            }
            Statement::AlterTable(alter) => {
                for operation in &alter.operations {
                    match operation {
                        AlterTableOperation::AddColumn { column_def, .. } => {
                            found.push((s, &alter.name, &column_def.name, &column_def.data_type))
                        }
                        AlterTableOperation::AlterColumn {
                            column_name,
                            op: sqlparser::ast::AlterColumnOperation::SetDataType { data_type, .. },
                        } => found.push((s, &alter.name, column_name, data_type)),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        found
    })
}

/// Every `ALTER TABLE` operation, with its statement and table.
pub(crate) fn alter_operations<'m>(
    m: &'m Migration,
) -> impl Iterator<Item = (&'m Stmt, &'m AlterTable, &'m AlterTableOperation)> + 'm {
    m.parsed().flat_map(|(s, ast)| match ast {
        Statement::AlterTable(alter) => alter.operations.iter().map(|op| (s, alter, op)).collect::<Vec<_>>(),
        _ => Vec::new(),
    })
}

/// `ALTER TABLE` operations on tables that exist before the migration.
pub(crate) fn existing_alter_operations<'m>(
    m: &'m Migration,
) -> impl Iterator<Item = (&'m Stmt, &'m AlterTable, &'m AlterTableOperation)> + 'm {
    alter_operations(m).filter(move |(s, alter, _)| !m.is_new(&alter.name, s.index))
}

/// A foreign key declared anywhere in a statement.
pub(crate) struct ForeignKey<'a> {
    pub table: &'a ObjectName,
    pub name: Option<&'a Ident>,
    pub columns: Vec<&'a Ident>,
    pub constraint: &'a ForeignKeyConstraint,
}

impl ForeignKey<'_> {
    /// `constraint "x" on "t"` or `foreign key on "t" (a, b)`, for messages.
    pub fn label(&self) -> String {
        let table = crate::context::plain(self.table);
        match self.name {
            Some(name) => format!("foreign key `{}` on `{table}`", name.value),
            None => format!(
                "foreign key `{table}` ({}) referencing `{}`",
                self.columns
                    .iter()
                    .map(|c| c.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                crate::context::plain(&self.constraint.foreign_table)
            ),
        }
    }
}

fn fk_of<'a>(table: &'a ObjectName, constraint: &'a TableConstraint) -> Option<ForeignKey<'a>> {
    match constraint {
        TableConstraint::ForeignKey(fk) => Some(ForeignKey {
            table,
            name: fk.name.as_ref(),
            columns: fk.columns.iter().collect(),
            constraint: fk,
        }),
        _ => None,
    }
}

pub(crate) fn foreign_keys(statement: &Statement) -> Vec<ForeignKey<'_>> {
    let mut found = Vec::new();
    match statement {
        Statement::CreateTable(create) => {
            for column in &create.columns {
                for option in &column.options {
                    if let ColumnOption::ForeignKey(fk) = &option.option {
                        found.push(ForeignKey {
                            table: &create.name,
                            name: option.name.as_ref().or(fk.name.as_ref()),
                            columns: vec![&column.name],
                            constraint: fk,
                        });
                    }
                }
            }
            for constraint in &create.constraints {
                if let Some(fk) = fk_of(&create.name, constraint) {
                    found.push(fk);
                }
            }
        }
        Statement::AlterTable(alter) => {
            for operation in &alter.operations {
                match operation {
                    AlterTableOperation::AddConstraint { constraint, .. } => {
                        if let Some(fk) = fk_of(&alter.name, constraint) {
                            found.push(fk);
                        }
                    }
                    AlterTableOperation::AddColumn { column_def, .. } => {
                        for option in &column_def.options {
                            if let ColumnOption::ForeignKey(fk) = &option.option {
                                found.push(ForeignKey {
                                    table: &alter.name,
                                    name: option.name.as_ref().or(fk.name.as_ref()),
                                    columns: vec![&column_def.name],
                                    constraint: fk,
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    found
}

/// A `CREATE POLICY` or `ALTER POLICY` with its expressions.
pub(crate) struct Policy<'a> {
    pub name: &'a Ident,
    pub table: &'a ObjectName,
    /// `None` for `ALTER POLICY`, which keeps the command it was created with.
    pub command: Option<CreatePolicyCommand>,
    pub restrictive: bool,
    pub using: Option<&'a Expr>,
    pub with_check: Option<&'a Expr>,
    pub altered: bool,
}

pub(crate) fn policies<'m>(m: &'m Migration) -> impl Iterator<Item = (&'m Stmt, Policy<'m>)> + 'm {
    m.parsed().filter_map(|(s, ast)| match ast {
        Statement::CreatePolicy(p) => Some((
            s,
            Policy {
                name: &p.name,
                table: &p.table_name,
                command: Some(p.command.unwrap_or(CreatePolicyCommand::All)),
                restrictive: p.policy_type == Some(sqlparser::ast::CreatePolicyType::Restrictive),
                using: p.using.as_ref(),
                with_check: p.with_check.as_ref(),
                altered: false,
            },
        )),
        Statement::AlterPolicy(p) => match &p.operation {
            sqlparser::ast::AlterPolicyOperation::Apply { using, with_check, .. } => Some((
                s,
                Policy {
                    name: &p.name,
                    table: &p.table_name,
                    command: None,
                    restrictive: false,
                    using: using.as_ref(),
                    with_check: with_check.as_ref(),
                    altered: true,
                },
            )),
            _ => None,
        },
        _ => None,
    })
}

/// Whether a statement's text mentions `set_config` (in any case): only those need their calls
/// walked, which costs a copy of every call of every statement otherwise.
pub(crate) fn mentions_set_config(s: &Stmt) -> bool {
    // Only around an underscore, found by `memchr`: comparing at every byte made this a visible
    // part of linting a large migration.
    let bytes = s.text.as_bytes();
    s.text.match_indices('_').any(|(at, _)| {
        at >= 3
            && bytes
                .get(at - 3..at + 7)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"set_config"))
    })
}

/// Whether the table holds tenant rows: it has the tenant column, or a policy of this migration
/// compares the tenant column.
pub(crate) fn is_tenant_table(m: &Migration, key: &str) -> bool {
    // A generated migration's schema says which of its tables are tenant tables.
    if let Some(declared) = m.declared.filter(|d| d.tables.contains(key)) {
        return declared.tenants.contains(key);
    }
    let tenant = m.tenant_key();
    // The tenant column alone makes a tenant table only where the migrations isolate tenants
    // with row-level security at all: a project that filters tenants in its queries has tables
    // with a tenant column and no policy by design.
    let uses_rls = *m
        .uses_rls
        .get_or_init(|| m.after.tables.values().any(|t| t.rls_enabled || !t.policies.is_empty()));
    if uses_rls && m.facts(key).is_some_and(|t| t.column(&tenant).is_some()) {
        return true;
    }
    // Computed once per migration: asked for every table, it made linting quadratic.
    m.tenant_policy_tables
        .get_or_init(|| {
            policies(m)
                .filter(|(_, p)| {
                    [p.using, p.with_check]
                        .into_iter()
                        .flatten()
                        .any(|e| mentions_column(e, &tenant, m.dialect))
                })
                .map(|(_, p)| name_key(p.table, m.dialect))
                .collect()
        })
        .contains(key)
}

fn mentions_column(expr: &Expr, column: &str, dialect: Dialect) -> bool {
    let mut found = false;
    let _ = sqlparser::ast::visit_expressions(expr, |e| {
        let ident = match e {
            Expr::Identifier(ident) => Some(ident),
            Expr::CompoundIdentifier(parts) => parts.last(),
            _ => None,
        };
        if ident.is_some_and(|i| crate::context::ident_key(i, dialect) == column) {
            found = true;
        }
        std::ops::ControlFlow::<()>::Continue(())
    });
    found
}

/// The setting a policy reads, or the configured tenant setting.
pub(crate) fn setting_of(m: &Migration, exprs: &[Option<&Expr>]) -> String {
    exprs
        .iter()
        .flatten()
        .flat_map(|e| crate::expr::current_settings(*e))
        .find_map(|(name, _, _)| name)
        .unwrap_or_else(|| m.options.tenant_setting.clone())
}

/// The condition Tablewright generates for a tenant table:
/// `"tenant_id" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid`, with the
/// tenant column's type when the migrations show it.
pub(crate) fn tenant_condition(m: &Migration, table_key: &str, setting: &str) -> String {
    let column = &m.options.tenant_column;
    let ty = m
        .facts(table_key)
        .and_then(|t| t.column(&m.tenant_key()))
        .map(|c| c.data_type.to_string().to_lowercase())
        .unwrap_or_else(|| "uuid".to_string());
    format!(
        "{} = NULLIF(current_setting({}, true), '')::{ty}",
        quote::ident(Dialect::Postgres, column),
        quote::literal(Dialect::Postgres, setting)
    )
}

/// The policy Tablewright generates for a tenant table, on one line.
pub(crate) fn tenant_policy(m: &Migration, table_key: &str, table: &str, policy: &str, setting: &str) -> String {
    let condition = tenant_condition(m, table_key, setting);
    format!(
        "CREATE POLICY {} ON {} AS PERMISSIVE FOR ALL USING ({condition}) WITH CHECK ({condition})",
        quote::ident(Dialect::Postgres, policy),
        quote::ident(Dialect::Postgres, table)
    )
}

/// Below this many statements a migration's rules run on one thread.
const PARALLEL_FROM: usize = 512;

/// Runs every rule that applies to the dialect and is not disabled. The rules of a long
/// migration (a generated one of a thousand tables) run on every core: each reads the migration
/// and nothing else.
pub(crate) fn run(m: &Migration) -> Vec<(&'static Rule, Hit)> {
    let rules: Vec<&'static Rule> = RULES
        .iter()
        .filter(|rule| rule.dialects.contains(&m.dialect) && !m.options.disabled.contains(rule.name))
        .filter(|rule| !rule.opt_in || m.options.levels.contains_key(rule.name))
        .collect();
    let check = |rules: &[&'static Rule]| -> Vec<(&'static Rule, Hit)> {
        rules
            .iter()
            .flat_map(|rule| (rule.check)(m).into_iter().map(move |hit| (*rule, hit)))
            .collect()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if m.statements.len() < PARALLEL_FROM || threads < 2 {
        return check(&rules);
    }
    // Every thread takes every n-th rule: neighbours in the table often cost alike.
    let shares: Vec<Vec<&'static Rule>> = (0..threads)
        .map(|t| rules.iter().skip(t).step_by(threads).copied().collect())
        .collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = shares.iter().map(|share| scope.spawn(|| check(share))).collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("rules do not panic"))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_have_a_module() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.name), "duplicate rule {}", rule.name);
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                rule.name
            );
            let file = format!(
                "{}/src/rules/{}.rs",
                env!("CARGO_MANIFEST_DIR"),
                rule.name.replace('-', "_")
            );
            assert!(std::path::Path::new(&file).exists(), "no file {file}");
            assert!(!rule.dialects.is_empty());
        }
    }
}

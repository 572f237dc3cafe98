//! One test file per rule, `tests/rules/<rule>.rs`, all modules of this one test binary (one
//! link, not one per rule): the findings for the migrations the rule flags (a snapshot of their
//! display), and no finding at all, from any rule, for the same changes written safely.
//! Migrations are linted on their own, so every table they do not create is an existing,
//! possibly large table in use.

use tablewright_lint::{Dialect, Finding, Options, RULES};

use Dialect::{Mysql, Postgres, Sqlite};

/// `tablewright_lint::lint_sql`, checked against the same lint with every statement read by
/// sqlparser: the statements the fast path reads (`COMMENT ON`, row-level security switches,
/// plain `CREATE INDEX`) give the same findings.
#[track_caller]
fn lint_sql(sql: &str, dialect: Dialect, options: &Options) -> Vec<Finding> {
    let findings = tablewright_lint::lint_sql(sql, dialect, options);
    let full = tablewright_lint::full_parse::lint_sql(sql, dialect, options);
    assert_eq!(findings, full, "the fast path changed the findings of:\n{sql}");
    findings
}

struct Case {
    rule: &'static str,
    dialect: Dialect,
    options: Options,
    report: String,
}

fn case(rule: &'static str) -> Case {
    assert!(RULES.iter().any(|r| r.name == rule), "no rule {rule}");
    Case {
        rule,
        dialect: Postgres,
        options: Options::default(),
        report: String::new(),
    }
}

fn no_transaction() -> Options {
    Options {
        run_in_transaction: false,
        ..Options::default()
    }
}

impl Case {
    fn on(mut self, dialect: Dialect) -> Case {
        self.dialect = dialect;
        self
    }

    fn with(mut self, options: Options) -> Case {
        self.options = options;
        self
    }

    /// `sql` gets at least one finding of the rule; they are added to the report.
    #[track_caller]
    fn bad(mut self, sql: &str) -> Case {
        let sql = sql.trim_start_matches('\n');
        let all = lint_sql(sql, self.dialect, &self.options);
        let found: Vec<String> = all
            .iter()
            .filter(|f| f.rule == self.rule)
            .map(|f| f.to_string())
            .collect();
        assert!(
            !found.is_empty(),
            "no `{}` on {} for:\n{sql}\nfound:\n{}",
            self.rule,
            self.dialect,
            all.iter().map(|f| format!("{f}\n")).collect::<String>()
        );
        let transaction = if self.options.run_in_transaction {
            ""
        } else {
            ", run_in_transaction = false"
        };
        self.report.push_str(&format!(
            "======== {}{transaction}\n{sql}\n-------- findings\n",
            self.dialect
        ));
        for finding in found {
            self.report.push_str(&finding);
            self.report.push_str("\n\n");
        }
        self
    }

    /// `sql` gets no finding from any rule.
    #[track_caller]
    fn fixed(self, sql: &str) -> Case {
        let all = lint_sql(sql.trim_start_matches('\n'), self.dialect, &self.options);
        assert!(
            all.is_empty(),
            "the fixed migration still has findings on {}:\n{sql}\n{}",
            self.dialect,
            all.iter().map(|f| format!("{f}\n")).collect::<String>()
        );
        self
    }
}

macro_rules! snapshot {
    ($case:expr) => {
        insta::assert_snapshot!($case.report)
    };
}

/// A tenant table as Tablewright generates it.
const GENERATED_TENANT_TABLE: &str = r#"
CREATE TABLE "lots" (
    "lot_id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" uuid NOT NULL,
    "lot_code" varchar(50) NOT NULL,
    CONSTRAINT "lots_pkey" PRIMARY KEY ("lot_id"),
    CONSTRAINT "lots_tenant_id_lot_code_key" UNIQUE ("tenant_id", "lot_code")
);

ALTER TABLE "lots" ENABLE ROW LEVEL SECURITY;

ALTER TABLE "lots" FORCE ROW LEVEL SECURITY;

CREATE POLICY "lots_tenant_isolation" ON "lots" AS PERMISSIVE FOR ALL
    USING ("tenant_id" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid)
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
"#;

const TENANT_TABLE: &str = r#"
CREATE TABLE lots (
    lot_id uuid PRIMARY KEY,
    tenant_id bigint NOT NULL,
    lot_code varchar(50) NOT NULL,
    UNIQUE (tenant_id, lot_code)
);
"#;

/// The options that turn an opt-in style rule on: a level for it.
fn asking_for(rule: &str, run_in_transaction: bool) -> Options {
    Options {
        levels: [(rule.to_string(), tablewright_lint::Severity::Warning)].into(),
        run_in_transaction,
        ..Options::default()
    }
}

#[test]
fn style_rules_run_only_when_asked_for() {
    let sql = "CREATE TABLE bins (bin_id integer PRIMARY KEY, code varchar(20), seen_at timestamp);";
    assert!(lint_sql(sql, Postgres, &Options::default()).is_empty());
    for rule in ["prefer-text", "prefer-bigint", "prefer-timestamptz"] {
        let found = lint_sql(sql, Postgres, &asking_for(rule, true));
        assert_eq!(found.iter().map(|f| f.rule).collect::<Vec<_>>(), [rule]);
    }
}

/// Every rule of the table has its file in tests/rules/, with its cases.
#[test]
fn every_rule_has_its_test_file() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    let harness = include_str!("main.rs");
    for rule in RULES {
        let module = rule.name.replace('-', "_");
        let file = folder.join(format!("{module}.rs"));
        let source = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            source.contains(&format!("case(\"{}\")", rule.name)),
            "rule `{}` has no cases in {}",
            rule.name,
            file.display()
        );
        assert!(
            harness.contains(&format!("\nmod {module};\n")),
            "tests/rules/main.rs does not include {}",
            file.display()
        );
    }
}

// ---- Data loss ----------------------------------------------------------------------------------
mod delete_without_where;
mod drop_column;
mod drop_table;
mod truncate_table;

// ---- Rewrites and blocking locks ---------------------------------------------------------------
mod adding_domain_constraint;
mod adding_exclusion_constraint;
mod adding_required_column;
mod adding_volatile_default;
mod backfill_in_one_statement;
mod changing_column_type;
mod cluster;
mod detach_partition_not_concurrently;
mod drop_database;
mod drop_not_null;
mod drop_primary_key;
mod missing_lock_timeout;
mod missing_statement_timeout;
mod refresh_materialized_view_not_concurrently;
mod reindex_not_concurrently;
mod renaming_schema;
mod setting_not_null;
mod update_without_where;
mod vacuum_full;

// ---- Indexes and constraints -------------------------------------------------------------------
mod adding_unique_constraint;
mod constraint_missing_not_valid;
mod create_index_not_concurrently;
mod drop_index_not_concurrently;
mod refused_in_transaction;
mod transaction_control;

// ---- Compatibility with running code -----------------------------------------------------------
mod renaming_column;
mod renaming_table;

// ---- Schema rules -------------------------------------------------------------------------------
mod fk_without_on_delete;
mod identifier_too_long;
mod unindexed_foreign_key;

// ---- Tenants and row-level security ------------------------------------------------------------
mod current_setting_cast_without_nullif;
mod current_setting_without_missing_ok;
mod policy_fails_open;
mod policy_missing_with_check;
mod rls_without_policy;
mod session_wide_tenant_setting;
mod tenant_without_forced_rls;

// ---- The linter itself --------------------------------------------------------------------------
mod invalid_ignore;
mod unparsed_statement;

// ---- Style preferences (opt-in) -----------------------------------------------------------------
mod prefer_bigint;
mod prefer_robust_statements;
mod prefer_text;
mod prefer_timestamptz;

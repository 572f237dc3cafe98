//! The headline demonstration: the hand-written `storage_locations` migration of the field notes
//! (seed 001, verbatim in db-tests/fixtures/seed), linted as the diesel migration it would be.
//!
//! Its table, indexes, trigger and comments are fine (the table is new, so nothing locks or
//! rewrites an existing one). Its row-level security is not: RLS is enabled but not forced, the
//! policy raises in a session without the tenant, and raises again on a pooled connection once a
//! transaction-local tenant has ended. Its `BEGIN`/`COMMIT` fight the runner's own transaction.
//! Its policy has no `WITH CHECK`, which is correct here: PostgreSQL then checks written rows
//! against `USING`, so no tenant can write another's rows.

use std::path::Path;

use tablewright_lint::{findings_to_json, lint_path, lint_sql, Dialect, Options};

const SEED: &str = "../db-tests/fixtures/seed/storage_locations_up.sql";

fn seed_findings() -> Vec<tablewright_lint::Finding> {
    lint_path(Path::new(SEED), Dialect::Postgres, &Options::default()).expect("the seed reads")
}

#[test]
fn the_seed_migration_leaves_tenants_exposed() {
    let findings = seed_findings();
    let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    assert_eq!(
        rules,
        [
            "transaction-control",
            "tenant-without-forced-rls",
            "current-setting-without-missing-ok",
            "current-setting-cast-without-nullif",
            "transaction-control",
        ]
    );
    let report: String = findings.iter().map(|f| format!("{f}\n\n")).collect();
    insta::assert_snapshot!(report + &tablewright_lint::summary(&findings));
}

#[test]
fn the_seed_policy_without_with_check_is_not_reported() {
    assert!(!seed_findings().iter().any(|f| f.rule == "policy-missing-with-check"));
}

/// What `tablewright lint --format json` would print.
#[test]
fn the_seed_findings_as_json() {
    let json = findings_to_json(&seed_findings());
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value.as_array().map(Vec::len), Some(5));
    insta::assert_snapshot!(json);
}

/// The same migration written the way Tablewright generates it passes: no BEGIN/COMMIT, FORCE
/// after ENABLE, and the policy that fails closed, for reads and writes.
#[test]
fn the_seed_migration_fixed_has_no_findings() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let condition = "\"tenant_id\" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid";
    let fixed = seed
        .replace("BEGIN;\n", "")
        .replace("COMMIT;\n", "")
        .replace(
            "ALTER TABLE storage_locations ENABLE ROW LEVEL SECURITY;",
            "ALTER TABLE storage_locations ENABLE ROW LEVEL SECURITY;\nALTER TABLE storage_locations FORCE ROW LEVEL SECURITY;",
        )
        .replace(
            "USING (tenant_id = current_setting('app.current_tenant_id')::UUID);",
            &format!("USING ({condition})\n    WITH CHECK ({condition});"),
        );
    assert_ne!(fixed, seed);
    let findings = lint_sql(&fixed, Dialect::Postgres, &Options::default());
    assert!(
        findings.is_empty(),
        "{}",
        findings.iter().map(|f| format!("{f}\n")).collect::<String>()
    );
}

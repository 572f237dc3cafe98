//! `tenant-without-forced-rls`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn tenant_without_forced_rls() {
    let c = case("tenant-without-forced-rls")
        // Where the migrations isolate tenants with row-level security (here, another table).
        .bad(&format!(
            "{TENANT_TABLE}CREATE TABLE bins (bin_id bigint PRIMARY KEY, tenant_id bigint NOT NULL);\nALTER TABLE bins ENABLE ROW LEVEL SECURITY;\nALTER TABLE bins FORCE ROW LEVEL SECURITY;\nCREATE POLICY bins_tenant_isolation ON bins USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::bigint) WITH CHECK (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::bigint);"
        ))
        .bad(&format!(
            "{TENANT_TABLE}ALTER TABLE lots ENABLE ROW LEVEL SECURITY;\nCREATE POLICY lots_tenant_isolation ON lots USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::bigint);"
        ))
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots NO FORCE ROW LEVEL SECURITY;
CREATE POLICY lots_reports ON lots FOR SELECT USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
ALTER TABLE lots ENABLE ROW LEVEL SECURITY;
"#,
        )
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
DROP POLICY lots_tenant_isolation ON lots;
ALTER TABLE lots DISABLE ROW LEVEL SECURITY;
CREATE POLICY lots_tenant_isolation ON lots USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
"#,
        )
        .fixed(GENERATED_TENANT_TABLE);
    snapshot!(c);
}

/// A project that filters tenants in its queries, with no row-level security anywhere: the tenant
/// column alone is no reason to report a table.
#[test]
fn a_tenant_column_without_any_row_level_security_is_not_a_finding() {
    let findings = lint_sql(TENANT_TABLE, Postgres, &Options::default());
    assert!(
        findings.iter().all(|f| f.rule != "tenant-without-forced-rls"),
        "{findings:?}"
    );
}

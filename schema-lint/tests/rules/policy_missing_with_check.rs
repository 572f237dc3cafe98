//! `policy-missing-with-check`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn policy_missing_with_check() {
    let c = case("policy-missing-with-check")
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE POLICY lots_insert ON lots FOR INSERT;
CREATE POLICY lots_update ON lots FOR UPDATE USING (tenant_id = coalesce(NULLIF(current_setting('app.current_tenant_id', true), '')::uuid, tenant_id));
"#,
        )
        // Without WITH CHECK, PostgreSQL checks written rows against USING: safe when USING is.
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE POLICY lots_tenant_isolation ON lots FOR ALL
    USING ("tenant_id" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
CREATE POLICY lots_insert ON lots FOR INSERT
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
"#,
        );
    snapshot!(c);
}

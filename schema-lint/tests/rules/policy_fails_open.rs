//! `policy-fails-open`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn policy_fails_open() {
    let prefix = format!(
        "{TENANT_TABLE}ALTER TABLE lots ENABLE ROW LEVEL SECURITY;\nALTER TABLE lots FORCE ROW LEVEL SECURITY;\n"
    );
    let c = case("policy-fails-open")
        .bad(&format!(
            r#"{prefix}CREATE POLICY lots_tenant_isolation ON lots
    USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::bigint
           OR current_setting('app.current_tenant_id', true) IS NULL)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::bigint);"#
        ))
        .bad(&format!(
            r#"{prefix}CREATE POLICY lots_tenant_isolation ON lots FOR SELECT
    USING (tenant_id::text = coalesce(current_setting('app.current_tenant_id', true), tenant_id::text));"#
        ))
        .bad(&format!(
            r#"{prefix}CREATE POLICY lots_tenant_isolation ON lots
    USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::bigint
           OR current_setting('app.current_tenant_id', true) = '')
    WITH CHECK (true);"#
        ))
        .bad(&format!(
            r#"{prefix}CREATE POLICY lots_tenant_isolation ON lots FOR SELECT
    USING (tenant_id::text LIKE current_setting('app.current_tenant_id', true) || '%');"#
        ))
        .fixed(GENERATED_TENANT_TABLE)
        // Other conditions may widen a policy on purpose; only the setting is judged.
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE POLICY lots_shared ON lots FOR SELECT
    USING (is_shared OR "tenant_id" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
"#,
        )
        // An always-true restrictive policy restricts nothing and opens nothing.
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE POLICY lots_noop ON lots AS RESTRICTIVE FOR SELECT USING (true);
"#,
        );
    snapshot!(c);
}

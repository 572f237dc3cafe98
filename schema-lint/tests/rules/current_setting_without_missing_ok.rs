//! `current-setting-without-missing-ok`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn current_setting_without_missing_ok() {
    let c = case("current-setting-without-missing-ok")
        .bad(&format!(
            "{TENANT_TABLE}ALTER TABLE lots ENABLE ROW LEVEL SECURITY;\nALTER TABLE lots FORCE ROW LEVEL SECURITY;\nCREATE POLICY lots_tenant_isolation ON lots\n    FOR ALL\n    USING (tenant_id = current_setting('app.current_tenant_id')::bigint);"
        ))
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE POLICY notes_owner ON notes USING (owner_id::text = current_setting('app.user_id'));
"#,
        )
        .fixed(GENERATED_TENANT_TABLE)
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE POLICY notes_owner ON notes USING (owner_id::text = current_setting('app.user_id', true));
"#,
        );
    snapshot!(c);
}

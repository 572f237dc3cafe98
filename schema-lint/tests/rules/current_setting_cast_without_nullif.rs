//! `current-setting-cast-without-nullif`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn current_setting_cast_without_nullif() {
    let c = case("current-setting-cast-without-nullif")
        .bad(&format!(
            "{TENANT_TABLE}ALTER TABLE lots ENABLE ROW LEVEL SECURITY;\nALTER TABLE lots FORCE ROW LEVEL SECURITY;\nCREATE POLICY lots_tenant_isolation ON lots\n    USING (tenant_id = current_setting('app.current_tenant_id', true)::bigint)\n    WITH CHECK (tenant_id = CAST(current_setting('app.current_tenant_id', true) AS bigint));"
        ))
        .fixed(GENERATED_TENANT_TABLE)
        // Compared as text, the empty string matches no row and raises nothing.
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE POLICY notes_owner ON notes USING (owner_id::text = current_setting('app.user_id', true));
"#,
        );
    snapshot!(c);
}

//! `rls-without-policy`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn rls_without_policy() {
    let c = case("rls-without-policy")
        .bad(&format!(
            "{TENANT_TABLE}ALTER TABLE lots ENABLE ROW LEVEL SECURITY;\nALTER TABLE lots FORCE ROW LEVEL SECURITY;"
        ))
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
-- The policy went to the wrong table.
CREATE POLICY audit_log_reader ON audit_logs FOR SELECT TO auditor USING (true);
"#,
        )
        .fixed(GENERATED_TENANT_TABLE);
    snapshot!(c);
}

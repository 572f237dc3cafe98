//! `session-wide-tenant-setting`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn session_wide_tenant_setting() {
    let c = case("session-wide-tenant-setting")
        .bad(
            r#"
SET app.current_tenant_id = 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa';
SET SESSION app.user_id TO '42';
SELECT set_config('app.current_tenant_id', 'bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb', false);
"#,
        )
        .fixed(
            r#"
SELECT set_config('app.current_tenant_id', 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', true);
SET LOCAL app.user_id TO '42';
SET search_path TO public;
"#,
        );
    snapshot!(c);
}

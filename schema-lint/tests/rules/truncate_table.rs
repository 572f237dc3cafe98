//! `truncate-table`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn truncate_table() {
    let c = case("truncate-table")
        .bad("TRUNCATE audit_log, audit_detail;")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
TRUNCATE audit_log; -- tablewright-lint: ignore truncate-table (rebuilt from the event stream)
"#,
        )
        .on(Mysql)
        .bad("TRUNCATE TABLE audit_log;");
    snapshot!(c);
}

//! `invalid-ignore`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn invalid_ignore() {
    let c = case("invalid-ignore")
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
-- tablewright-lint: ignore drop-colum (typo)
ALTER TABLE lots DROP COLUMN legacy_code;
-- tablewright-lint: ignroe drop-table
DROP TABLE old_lots;
-- tablewright-lint: ignore (no rule named)
SELECT 1;
"#,
        )
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
-- tablewright-lint: ignore drop-column (values kept in lots_legacy_code_backup)
ALTER TABLE lots DROP COLUMN legacy_code;
"#,
        );
    snapshot!(c);
}

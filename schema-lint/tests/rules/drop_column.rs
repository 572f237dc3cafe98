//! `drop-column`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn drop_column() {
    let c = case("drop-column")
        .bad("ALTER TABLE lots DROP COLUMN legacy_code, DROP COLUMN legacy_note;")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE TABLE lots_legacy_code_backup AS SELECT lot_id, legacy_code FROM lots;
-- tablewright-lint: ignore drop-column (values kept in lots_legacy_code_backup)
ALTER TABLE lots DROP COLUMN legacy_code;
"#,
        )
        .on(Sqlite)
        .bad("ALTER TABLE lots DROP COLUMN legacy_code;");
    snapshot!(c);
}

//! `changing-column-type`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn changing_column_type() {
    let c = case("changing-column-type")
        .bad("ALTER TABLE lots ALTER COLUMN quantity TYPE bigint USING quantity::bigint;")
        .bad("ALTER TABLE lots ALTER COLUMN lot_code SET DATA TYPE text;")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots ADD COLUMN quantity_big bigint;
"#,
        )
        .on(Mysql)
        .bad("ALTER TABLE lots MODIFY COLUMN quantity BIGINT NOT NULL;")
        .fixed("SET SESSION lock_wait_timeout = 5;\nALTER TABLE lots ADD COLUMN quantity_big BIGINT NULL;");
    snapshot!(c);
}

#[test]
fn changing_timestamp_to_timestamptz_in_utc() {
    let c = case("changing-column-type")
        // Without a UTC session the values are reinterpreted: a rewrite.
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE scans ALTER COLUMN scanned_at TYPE timestamptz;")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
SET LOCAL timezone = 'UTC';
ALTER TABLE scans ALTER COLUMN scanned_at TYPE timestamptz;
"#,
        );
    snapshot!(c);
}

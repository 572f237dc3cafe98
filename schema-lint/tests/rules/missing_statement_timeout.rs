//! `missing-statement-timeout`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn missing_statement_timeout() {
    let c = case("missing-statement-timeout")
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ALTER COLUMN quantity TYPE bigint;")
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ADD CONSTRAINT lots_code_key UNIQUE (lot_code);")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';
-- tablewright-lint: ignore changing-column-type (lots holds 200 rows)
ALTER TABLE lots ALTER COLUMN quantity TYPE bigint;
"#,
        )
        // Adding a nullable column takes the lock for an instant: no statement timeout needed.
        .fixed("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ADD COLUMN note text;");
    snapshot!(c);
}

//! `adding-volatile-default`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn adding_volatile_default() {
    let c = case("adding-volatile-default")
        .bad(
            r#"
ALTER TABLE lots ADD COLUMN external_ref uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE lots ADD COLUMN jitter double precision DEFAULT random() * 10;
ALTER TABLE lots ADD COLUMN line_no bigserial;
ALTER TABLE lots ADD COLUMN row_no bigint GENERATED ALWAYS AS IDENTITY;
"#,
        )
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
-- now() is stable: PostgreSQL 11+ stores it once, without a rewrite.
ALTER TABLE lots ADD COLUMN received_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE lots ADD COLUMN external_ref uuid;
ALTER TABLE lots ALTER COLUMN external_ref SET DEFAULT gen_random_uuid();
"#,
        )
        .on(Sqlite)
        .bad("ALTER TABLE lots ADD COLUMN received_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP;")
        .fixed("ALTER TABLE lots ADD COLUMN received_at TEXT NOT NULL DEFAULT '1970-01-01 00:00:00';");
    snapshot!(c);
    let own = case("adding-volatile-default")
        // A function of the same history without a volatility marker is VOLATILE.
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE FUNCTION random_string(n int) RETURNS text LANGUAGE sql AS $$ SELECT substr(md5(random()::text), 1, n) $$;
ALTER TABLE lots ADD COLUMN token text DEFAULT random_string(26);
"#,
        )
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE FUNCTION padded(n int) RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT lpad(n::text, 6, '0') $$;
ALTER TABLE lots ADD COLUMN token text DEFAULT padded(26);
"#,
        );
    insta::assert_snapshot!("adding_volatile_default_own_functions", own.report);
}

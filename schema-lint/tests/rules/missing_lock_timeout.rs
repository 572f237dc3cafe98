//! `missing-lock-timeout`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn missing_lock_timeout() {
    let c = case("missing-lock-timeout")
        .bad(
            r#"
ALTER TABLE lots ADD COLUMN note text;
COMMENT ON COLUMN lots.note IS 'Free text';
CREATE POLICY lots_audit ON lots FOR SELECT USING (false);
"#,
        )
        // Zero means no timeout.
        .bad("SET lock_timeout = 0;\nALTER TABLE lots ADD COLUMN note text;")
        .fixed("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ADD COLUMN note text;")
        .fixed("SELECT set_config('lock_timeout', '3s', true);\nALTER TABLE lots ADD COLUMN note text;")
        // Outside a transaction, a transaction-local timeout does nothing.
        .with(no_transaction())
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ADD COLUMN note text;")
        .fixed("SET lock_timeout = '5s';\nALTER TABLE lots ADD COLUMN note text;")
        .with(Options::default())
        .on(Mysql)
        .bad("ALTER TABLE lots ADD COLUMN note TEXT NULL;")
        .fixed("SET SESSION lock_wait_timeout = 5;\nALTER TABLE lots ADD COLUMN note TEXT NULL;");
    snapshot!(c);
}

#[test]
fn missing_lock_timeout_counts_only_the_timeout() {
    let c = case("missing-lock-timeout")
        // A custom setting that happens to end in lock_timeout is not the timeout.
        .bad("SET foo.lock_timeout = '1s';\nALTER TABLE lots ADD COLUMN note text;")
        .bad("REINDEX TABLE lots;")
        .bad("COMMENT ON TABLE lots IS 'Inventory lots';")
        .bad("LOCK TABLE lots IN SHARE MODE;");
    snapshot!(c);
}

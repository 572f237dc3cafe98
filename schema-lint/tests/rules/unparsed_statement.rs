//! `unparsed-statement`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn statements_the_parser_cannot_read_but_are_valid() {
    for sql in [
        "CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA public;",
        "ALTER INDEX IF EXISTS idx_a RENAME TO idx_b;",
        "COMMENT ON FUNCTION touch(int4) IS 'x';",
    ] {
        let findings = lint_sql(sql, Postgres, &Options::default());
        assert!(findings.is_empty(), "{sql}: {findings:?}");
    }
    // Read, and linted for its lock.
    let findings = lint_sql(
        "COMMENT ON CONSTRAINT lots_code_key ON lots IS 'x';",
        Postgres,
        &Options::default(),
    );
    assert_eq!(
        findings.iter().map(|f| f.rule).collect::<Vec<_>>(),
        ["missing-lock-timeout"]
    );
}

#[test]
fn unparsed_statement() {
    let c = case("unparsed-statement")
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots SET TABLESPACE fast_disk;")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
-- tablewright-lint: ignore unparsed-statement (moves lots to the new disk in the maintenance window)
ALTER TABLE lots SET TABLESPACE fast_disk;
"#,
        );
    snapshot!(c);
}

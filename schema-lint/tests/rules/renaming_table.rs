//! `renaming-table`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn renaming_table() {
    let c = case("renaming-table")
        .bad("ALTER TABLE lots RENAME TO inventory_lots;")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
-- tablewright-lint: ignore renaming-table (maintenance window: every instance is stopped)
ALTER TABLE lots RENAME TO inventory_lots;
"#,
        )
        .on(Mysql)
        .bad("RENAME TABLE lots TO inventory_lots;");
    snapshot!(c);
}

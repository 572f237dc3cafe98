//! `drop-table`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn drop_table() {
    let c = case("drop-table")
        .bad("DROP TABLE old_lots;")
        .bad("DROP TABLE IF EXISTS old_lots, old_moves CASCADE;")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
-- tablewright-lint: ignore drop-table (copied to old_lots_backup by 20260301000000_backup_old_lots)
DROP TABLE old_lots;
"#,
        )
        // A table created by the same migration holds nothing yet.
        .fixed("CREATE TABLE scratch (id bigint PRIMARY KEY);\nDROP TABLE scratch;")
        // Rows copied first are kept (a backup, or SQLite's table rebuild).
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE TABLE old_lots_backup AS SELECT * FROM old_lots;
DROP TABLE old_lots;
"#,
        )
        .fixed("SET LOCAL lock_timeout = '5s';\nCREATE TABLE old_lots_backup AS TABLE old_lots;\nDROP TABLE old_lots;")
        // Rows moved elsewhere, then the table dropped.
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
WITH moved AS (DELETE FROM old_lots RETURNING *) INSERT INTO lots_archive SELECT * FROM moved;
DROP TABLE old_lots;
"#,
        )
        .on(Sqlite)
        .bad("DROP TABLE old_lots;")
        .fixed(
            r#"
CREATE TABLE "_rebuild_lots" ("lot_id" INTEGER PRIMARY KEY, "lot_code" TEXT NOT NULL);
INSERT INTO "_rebuild_lots" ("lot_id", "lot_code") SELECT "lot_id", "lot_code" FROM "lots";
DROP TABLE "lots";
ALTER TABLE "_rebuild_lots" RENAME TO "lots";
"#,
        )
        .on(Mysql)
        .bad("DROP TABLE `old_lots`;");
    snapshot!(c);
}

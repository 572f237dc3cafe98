//! `backfill-in-one-statement`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn backfill_in_one_statement() {
    let c = case("backfill-in-one-statement")
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots ADD COLUMN status text;
UPDATE lots SET status = 'new' WHERE created_at > '2020-01-01';
"#,
        )
        .bad("UPDATE lots SET status = 'new' WHERE status IS NULL;")
        // One batch by key range, as a backfill job runs it.
        .fixed("UPDATE lots SET status = 'new' WHERE status IS NULL AND lot_id BETWEEN 1 AND 5000;");
    snapshot!(c);
}

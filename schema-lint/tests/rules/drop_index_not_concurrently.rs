//! `drop-index-not-concurrently`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn drop_index_not_concurrently() {
    let c = case("drop-index-not-concurrently")
        .bad("DROP INDEX idx_lots_old;")
        .bad("DROP INDEX IF EXISTS idx_lots_a, idx_lots_b;")
        .fixed(
            r#"
CREATE TABLE scratch (id bigint PRIMARY KEY, a int);
CREATE INDEX idx_scratch_a ON scratch (a);
DROP INDEX idx_scratch_a;
"#,
        )
        .with(no_transaction())
        .fixed("DROP INDEX CONCURRENTLY IF EXISTS idx_lots_old;");
    snapshot!(c);
}

//! `vacuum-full`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn vacuum_full() {
    let c = case("vacuum-full")
        .with(no_transaction())
        .bad("VACUUM FULL lots;")
        .bad("VACUUM (FULL, ANALYZE) lots;")
        .bad("VACUUM FULL;")
        // A name with `_` is the table, not an option: this rewrites `stock_moves`, not every
        // table.
        .bad("VACUUM FULL stock_moves;")
        .bad("VACUUM (FULL, INDEX_CLEANUP OFF) stock_moves (moved_at);")
        .fixed("VACUUM ANALYZE lots;")
        .fixed("VACUUM (FULL FALSE, INDEX_CLEANUP OFF) stock_moves;")
        .fixed("CREATE TABLE scratch (id bigint PRIMARY KEY);\nVACUUM FULL scratch;")
        .fixed("CREATE TABLE scratch_rows (id bigint PRIMARY KEY);\nVACUUM FULL scratch_rows;");
    snapshot!(c);
}

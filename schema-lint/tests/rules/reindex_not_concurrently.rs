//! `reindex-not-concurrently`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn reindex_not_concurrently() {
    let c = case("reindex-not-concurrently")
        .bad("REINDEX INDEX idx_lots_material_id;")
        .bad("REINDEX (VERBOSE) TABLE lots;")
        .with(no_transaction())
        .bad("REINDEX SCHEMA public;")
        .fixed("REINDEX INDEX CONCURRENTLY idx_lots_material_id;")
        .fixed("REINDEX TABLE CONCURRENTLY lots;")
        .with(Options::default())
        // A table of the same migration has no readers yet.
        .fixed("CREATE TABLE scratch (id bigint PRIMARY KEY);\nREINDEX TABLE scratch;");
    snapshot!(c);
}

//! `create-index-not-concurrently`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn create_index_not_concurrently() {
    let c = case("create-index-not-concurrently")
        .bad("CREATE INDEX idx_lots_material_id ON lots (material_id);")
        .bad("CREATE UNIQUE INDEX idx_lots_code\n    ON lots (tenant_id, lot_code);")
        .fixed(
            r#"
CREATE TABLE lot_moves (move_id bigint PRIMARY KEY, moved_at timestamptz NOT NULL);
CREATE INDEX idx_lot_moves_moved_at ON lot_moves (moved_at);
"#,
        )
        // A materialized view made by the same migration has no reader yet.
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE MATERIALIZED VIEW lot_totals AS SELECT material_id, count(*) AS lots FROM lots GROUP BY material_id;
CREATE UNIQUE INDEX idx_lot_totals_material_id ON lot_totals (material_id);
"#,
        )
        .with(no_transaction())
        .fixed("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_lots_material_id ON lots (material_id);");
    snapshot!(c);
}

//! `refused-in-transaction`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn refused_in_transaction() {
    let c = case("refused-in-transaction")
        .bad("CREATE INDEX CONCURRENTLY idx_lots_material_id ON lots (material_id);")
        .bad("DROP INDEX CONCURRENTLY IF EXISTS idx_lots_old;")
        .bad("REINDEX INDEX CONCURRENTLY idx_lots_material_id;")
        .with(no_transaction())
        .bad(
            r#"
BEGIN;
CREATE INDEX CONCURRENTLY idx_lots_material_id ON lots (material_id);
COMMIT;
"#,
        )
        .fixed("CREATE INDEX CONCURRENTLY idx_lots_material_id ON lots (material_id);")
        .fixed("VACUUM ANALYZE lots;");
    snapshot!(c);
}

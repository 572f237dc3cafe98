//! `refresh-materialized-view-not-concurrently`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn refresh_materialized_view_not_concurrently() {
    let c = case("refresh-materialized-view-not-concurrently")
        .bad("REFRESH MATERIALIZED VIEW lot_totals;")
        .fixed("REFRESH MATERIALIZED VIEW CONCURRENTLY lot_totals;")
        .fixed("CREATE MATERIALIZED VIEW lot_totals AS SELECT 1 AS one;\nREFRESH MATERIALIZED VIEW lot_totals;");
    snapshot!(c);
}

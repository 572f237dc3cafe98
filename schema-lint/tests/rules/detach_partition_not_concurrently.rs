//! `detach-partition-not-concurrently`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn detach_partition_not_concurrently() {
    let c = case("detach-partition-not-concurrently")
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE measurements DETACH PARTITION measurements_2023;")
        .with(no_transaction())
        .fixed("SET lock_timeout = '5s';\nALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY;");
    snapshot!(c);
}

//! `prefer-robust-statements`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn prefer_robust_statements() {
    let c = case("prefer-robust-statements")
        .with(asking_for("prefer-robust-statements", false))
        .bad("CREATE TABLE bins (bin_id bigint PRIMARY KEY);")
        .fixed("CREATE TABLE IF NOT EXISTS bins (bin_id bigint PRIMARY KEY);")
        // In a transaction a failure undoes it all: nothing to rerun.
        .with(asking_for("prefer-robust-statements", true))
        .fixed("CREATE TABLE bins (bin_id bigint PRIMARY KEY);");
    snapshot!(c);
}

//! `prefer-timestamptz`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn prefer_timestamptz() {
    let c = case("prefer-timestamptz")
        .with(asking_for("prefer-timestamptz", true))
        .bad("CREATE TABLE scans (scan_id bigint PRIMARY KEY, scanned_at timestamp NOT NULL);")
        .fixed("CREATE TABLE scans (scan_id bigint PRIMARY KEY, scanned_at timestamptz NOT NULL);");
    snapshot!(c);
}

//! `prefer-text`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn prefer_text() {
    let c = case("prefer-text")
        .with(asking_for("prefer-text", true))
        .bad("CREATE TABLE bins (bin_id bigint PRIMARY KEY, code varchar(20));")
        .fixed("CREATE TABLE bins (bin_id bigint PRIMARY KEY, code text CHECK (length(code) <= 20));");
    snapshot!(c);
}

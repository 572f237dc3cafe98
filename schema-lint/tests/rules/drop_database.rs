//! `drop-database`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn drop_database() {
    let c = case("drop-database")
        .bad("DROP DATABASE warehouse;")
        .bad("DROP DATABASE IF EXISTS staging;");
    snapshot!(c);
}

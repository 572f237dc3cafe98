//! `renaming-schema`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn renaming_schema() {
    let c = case("renaming-schema").bad("ALTER SCHEMA inventory RENAME TO stock;");
    snapshot!(c);
}

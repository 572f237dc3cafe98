//! `drop-not-null`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn drop_not_null() {
    let c = case("drop-not-null")
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ALTER COLUMN lot_code DROP NOT NULL;")
        .fixed("CREATE TABLE scratch (id bigint NOT NULL);\nALTER TABLE scratch ALTER COLUMN id DROP NOT NULL;");
    snapshot!(c);
}

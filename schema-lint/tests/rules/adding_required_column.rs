//! `adding-required-column`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn adding_required_column() {
    let c = case("adding-required-column")
        .bad("ALTER TABLE lots ADD COLUMN supplier_code text NOT NULL;")
        .fixed("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ADD COLUMN supplier_code text;")
        .fixed("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ADD COLUMN priority integer NOT NULL DEFAULT 5;")
        .on(Sqlite)
        .bad("ALTER TABLE lots ADD COLUMN supplier_code TEXT NOT NULL;")
        .on(Mysql)
        .bad("ALTER TABLE lots ADD COLUMN supplier_code VARCHAR(20) NOT NULL;");
    snapshot!(c);
}

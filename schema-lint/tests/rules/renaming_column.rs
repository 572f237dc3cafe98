//! `renaming-column`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn renaming_column() {
    let c = case("renaming-column")
        .bad("ALTER TABLE lots RENAME COLUMN lot_number TO lot_code;")
        .fixed("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ADD COLUMN lot_code varchar(50);")
        .on(Mysql)
        .bad("ALTER TABLE lots CHANGE COLUMN lot_number lot_code VARCHAR(50) NOT NULL;")
        .on(Sqlite)
        .bad("ALTER TABLE lots RENAME COLUMN lot_number TO lot_code;");
    snapshot!(c);
}

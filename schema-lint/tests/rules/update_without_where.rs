//! `update-without-where`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn update_without_where() {
    let c = case("update-without-where")
        .bad("UPDATE lots SET is_active = false;")
        .fixed("UPDATE lots SET is_active = false WHERE expiration_date < now();")
        .fixed("CREATE TABLE scratch (id bigint PRIMARY KEY, n int);\nUPDATE scratch SET n = 0;")
        .on(Mysql)
        .bad("UPDATE `lots` SET `is_active` = 0;");
    snapshot!(c);
}

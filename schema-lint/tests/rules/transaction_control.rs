//! `transaction-control`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn transaction_control() {
    let seed_style = r#"
BEGIN;
CREATE TABLE lot_notes (note_id bigint PRIMARY KEY, body text NOT NULL);
COMMIT;
"#;
    let c = case("transaction-control")
        .bad(seed_style)
        .fixed("CREATE TABLE lot_notes (note_id bigint PRIMARY KEY, body text NOT NULL);")
        .on(Sqlite)
        .bad(seed_style)
        .on(Mysql)
        .bad("START TRANSACTION;\nCREATE TABLE lot_notes (note_id BIGINT PRIMARY KEY);\nROLLBACK;")
        .with(no_transaction())
        .fixed("START TRANSACTION;\nCREATE TABLE lot_notes (note_id BIGINT PRIMARY KEY);\nCOMMIT;")
        .on(Postgres)
        // Outside the runner's transaction: a BEGIN never committed, and one inside another.
        .bad("BEGIN;\nCREATE TABLE lot_notes (note_id bigint PRIMARY KEY);")
        .bad("BEGIN;\nBEGIN;\nCREATE TABLE lot_notes (note_id bigint PRIMARY KEY);\nCOMMIT;\nCOMMIT;");
    snapshot!(c);
}

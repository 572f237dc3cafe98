//! `fk-without-on-delete`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn fk_without_on_delete() {
    let c = case("fk-without-on-delete")
        .bad(
            r#"
CREATE TABLE lot_moves (
    move_id bigint PRIMARY KEY,
    lot_id uuid NOT NULL REFERENCES lots (lot_id),
    CONSTRAINT lot_moves_to_fkey FOREIGN KEY (to_location_id) REFERENCES storage_locations (location_id)
);
"#,
        )
        .fixed(
            r#"
CREATE TABLE lot_moves (
    move_id bigint PRIMARY KEY,
    lot_id uuid NOT NULL REFERENCES lots (lot_id) ON DELETE CASCADE
);
CREATE INDEX idx_lot_moves_lot_id ON lot_moves (lot_id);
"#,
        )
        .on(Sqlite)
        .bad("CREATE TABLE lot_moves (move_id INTEGER PRIMARY KEY, lot_id INTEGER REFERENCES lots (lot_id));");
    snapshot!(c);
}

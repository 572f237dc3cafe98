//! `unindexed-foreign-key`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn unindexed_foreign_key() {
    let c = case("unindexed-foreign-key")
        .bad(
            r#"
CREATE TABLE lot_moves (
    move_id bigint PRIMARY KEY,
    lot_id uuid NOT NULL REFERENCES lots (lot_id) ON DELETE CASCADE,
    region text NOT NULL,
    order_no int NOT NULL,
    CONSTRAINT lot_moves_order_fkey FOREIGN KEY (region, order_no) REFERENCES orders (region, order_no) ON DELETE RESTRICT
);
-- Leads with order_no and move_id: no help for (region, order_no).
CREATE INDEX idx_lot_moves_order_no ON lot_moves (order_no, move_id, region);
"#,
        )
        .fixed(
            r#"
CREATE TABLE lot_moves (
    move_id bigint PRIMARY KEY,
    lot_id uuid NOT NULL REFERENCES lots (lot_id) ON DELETE CASCADE,
    region text NOT NULL,
    order_no int NOT NULL,
    CONSTRAINT lot_moves_order_fkey FOREIGN KEY (region, order_no) REFERENCES orders (region, order_no) ON DELETE RESTRICT
);
CREATE INDEX idx_lot_moves_lot_id ON lot_moves (lot_id);
-- The leading columns count, in any order.
CREATE INDEX idx_lot_moves_order ON lot_moves (order_no, region);
"#,
        )
        // The key leads the primary key.
        .fixed(
            r#"
CREATE TABLE lot_tags (
    lot_id uuid NOT NULL REFERENCES lots (lot_id) ON DELETE CASCADE,
    tag text NOT NULL,
    PRIMARY KEY (lot_id, tag)
);
"#,
        )
        .on(Sqlite)
        .bad("CREATE TABLE lot_moves (move_id INTEGER PRIMARY KEY, lot_id INTEGER REFERENCES lots (lot_id) ON DELETE CASCADE);");
    snapshot!(c);
}

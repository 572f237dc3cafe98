//! A view's struct: `#[derive(View)]` emits diesel's `table!` for its output columns, which the
//! query DSL reads like a table's.

use diesel::prelude::*;
use tablewright::View;

#[derive(View, Queryable, Selectable, Debug, PartialEq)]
#[diesel(table_name = lot_stock)]
#[view(dialect = "sqlite", query = "SELECT id AS lot_id, qty * 2 AS doubled FROM lots WHERE qty > 0")]
pub struct LotStock {
    pub lot_id: i32,
    pub doubled: Option<i32>,
}

fn main() {
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    // The table and the view as the migrations create them.
    diesel::sql_query("CREATE TABLE lots (id INTEGER PRIMARY KEY, qty INTEGER NOT NULL)")
        .execute(&mut conn)
        .unwrap();
    diesel::sql_query("CREATE VIEW lot_stock AS SELECT id AS lot_id, qty * 2 AS doubled FROM lots WHERE qty > 0")
        .execute(&mut conn)
        .unwrap();
    diesel::sql_query("INSERT INTO lots (id, qty) VALUES (1, 3), (2, 0)")
        .execute(&mut conn)
        .unwrap();
    let rows: Vec<LotStock> = lot_stock::table.select(LotStock::as_select()).load(&mut conn).unwrap();
    assert_eq!(rows, [LotStock { lot_id: 1, doubled: Some(6) }]);
}

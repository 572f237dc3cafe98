use tablewright::Table;

// Names over PostgreSQL's 63 bytes are refused whatever the database (none is named here), each
// at the `name = "..."` that gives it.
#[derive(Table)]
#[table(name = "inventory_lots_received_from_suppliers_and_awaiting_quality_control")]
pub struct Lot {
    #[column(primary_key)]
    pub id: i64,
    #[column(name = "quantity_in_the_smallest_unit_the_supplier_counts_when_it_ships_lots")]
    pub quantity: i64,
}

#[derive(Table)]
#[table(index(columns(code), name = "idx_codes_by_what_the_warehouse_prints_on_the_label_of_every_bin"))]
pub struct Code {
    #[column(primary_key)]
    pub id: i64,
    pub code: String,
}

fn main() {}

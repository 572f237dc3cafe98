//! `identifier-too-long`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn identifier_too_long() {
    let long = "storage_location_capacity_adjustments_by_warehouse_zone_and_aisle";
    let c = case("identifier-too-long")
        .bad(&format!(
            "CREATE TABLE {long} (id bigint PRIMARY KEY);\nCREATE INDEX idx_{long}_id ON {long} (id);"
        ))
        // 61 characters, 67 bytes.
        .bad(
            "CREATE TABLE lagerplätze (größenklasse_für_hochregallagerbestände_über_höhe_und_gewicht int PRIMARY KEY);",
        )
        .fixed("CREATE TABLE location_capacity_adjustments (id bigint PRIMARY KEY);")
        .on(Mysql)
        .bad(&format!("CREATE TABLE {long}_x (id BIGINT PRIMARY KEY);"))
        // MySQL counts characters.
        .fixed(
            "CREATE TABLE lagerplätze (größenklasse_für_hochregallagerbestände_über_höhe_und_gewicht INT PRIMARY KEY);",
        );
    snapshot!(c);
}

//! `adding-exclusion-constraint`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn adding_exclusion_constraint() {
    let c = case("adding-exclusion-constraint")
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);")
        .fixed("CREATE TABLE bookings (room_id int, during tstzrange, EXCLUDE USING gist (room_id WITH =, during WITH &&));");
    snapshot!(c);
}

//! `adding-domain-constraint`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn adding_domain_constraint() {
    let c = case("adding-domain-constraint")
        .bad("ALTER DOMAIN positive_qty ADD CONSTRAINT positive_qty_check CHECK (VALUE > 0);")
        .fixed("ALTER DOMAIN positive_qty ADD CONSTRAINT positive_qty_check CHECK (VALUE > 0) NOT VALID;")
        .fixed("ALTER DOMAIN positive_qty VALIDATE CONSTRAINT positive_qty_check;");
    snapshot!(c);
}

//! `adding-unique-constraint`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn adding_unique_constraint() {
    let c = case("adding-unique-constraint")
        .bad("ALTER TABLE lots ADD CONSTRAINT lots_code_key UNIQUE (tenant_id, lot_code);")
        .bad("ALTER TABLE lot_events ADD PRIMARY KEY (event_id);")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots ADD CONSTRAINT lots_code_key UNIQUE USING INDEX lots_code_key;
"#,
        )
        .with(no_transaction())
        .fixed("CREATE UNIQUE INDEX CONCURRENTLY lots_code_key ON lots (tenant_id, lot_code);");
    snapshot!(c);
}

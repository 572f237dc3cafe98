//! `constraint-missing-not-valid`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn constraint_missing_not_valid_in_an_explicit_transaction() {
    let c = case("constraint-missing-not-valid")
        .with(no_transaction())
        .bad(
            r#"
SET lock_timeout = '5s';
BEGIN;
ALTER TABLE lots ADD CONSTRAINT lots_quantity_check CHECK (quantity >= 0) NOT VALID;
ALTER TABLE lots VALIDATE CONSTRAINT lots_quantity_check;
COMMIT;
"#,
        )
        .fixed(
            r#"
SET lock_timeout = '5s';
BEGIN;
ALTER TABLE lots ADD CONSTRAINT lots_quantity_check CHECK (quantity >= 0) NOT VALID;
COMMIT;
ALTER TABLE lots VALIDATE CONSTRAINT lots_quantity_check;
"#,
        );
    snapshot!(c);
}

#[test]
fn constraint_missing_not_valid() {
    let c = case("constraint-missing-not-valid")
        .bad(
            r#"
ALTER TABLE lots ADD CONSTRAINT lots_material_id_fkey
    FOREIGN KEY (material_id) REFERENCES materials (material_id) ON DELETE RESTRICT;
ALTER TABLE lots ADD CONSTRAINT lots_quantity_check CHECK (quantity >= 0);
"#,
        )
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots ADD CONSTRAINT lots_quantity_check CHECK (quantity >= 0) NOT VALID;
ALTER TABLE lots VALIDATE CONSTRAINT lots_quantity_check;
"#,
        )
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
-- tablewright-lint: ignore unindexed-foreign-key (idx_lots_material_id, built concurrently by 20260301000000)
ALTER TABLE lots ADD CONSTRAINT lots_material_id_fkey
    FOREIGN KEY (material_id) REFERENCES materials (material_id) ON DELETE RESTRICT NOT VALID;
ALTER TABLE lots ADD CONSTRAINT lots_quantity_check CHECK (quantity >= 0) NOT VALID;
"#,
        )
        // The next migration.
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots VALIDATE CONSTRAINT lots_material_id_fkey;
ALTER TABLE lots VALIDATE CONSTRAINT lots_quantity_check;
"#,
        );
    snapshot!(c);
}

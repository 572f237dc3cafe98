//! `setting-not-null`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn setting_not_null() {
    let c = case("setting-not-null")
        .bad("ALTER TABLE lots ALTER COLUMN supplier_id SET NOT NULL;")
        // A valid check of another column proves nothing about this one.
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots ADD CONSTRAINT lots_note_not_null CHECK (note IS NOT NULL) NOT VALID;
COMMIT;
ALTER TABLE lots VALIDATE CONSTRAINT lots_note_not_null;
ALTER TABLE lots ALTER COLUMN supplier_id SET NOT NULL;
"#,
        )
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots ADD CONSTRAINT lots_supplier_id_not_null CHECK (supplier_id IS NOT NULL) NOT VALID;
"#,
        )
        // The next migration.
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots VALIDATE CONSTRAINT lots_supplier_id_not_null;
ALTER TABLE lots ALTER COLUMN supplier_id SET NOT NULL;
ALTER TABLE lots DROP CONSTRAINT lots_supplier_id_not_null;
"#,
        );
    snapshot!(c);
}

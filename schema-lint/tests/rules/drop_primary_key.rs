//! `drop-primary-key`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn drop_primary_key() {
    let c = case("drop-primary-key")
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots DROP CONSTRAINT lots_pkey;")
        .fixed("CREATE TABLE scratch (id bigint PRIMARY KEY);\nALTER TABLE scratch DROP CONSTRAINT scratch_pkey;")
        // Swapped for a key whose index was built concurrently, in one statement.
        .fixed("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots DROP CONSTRAINT lots_pkey, ADD CONSTRAINT lots_pkey PRIMARY KEY USING INDEX lots_pkey_new;")
        .on(Mysql)
        .bad("SET SESSION lock_wait_timeout = 5;\nALTER TABLE lots DROP PRIMARY KEY;");
    snapshot!(c);
}

//! `cluster`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn cluster() {
    let c = case("cluster")
        .bad("CLUSTER lots USING idx_lots_expiration_date;")
        .bad("CLUSTER VERBOSE;")
        .fixed(
            r#"
CREATE TABLE scratch (id bigint PRIMARY KEY);
CREATE INDEX idx_scratch_id ON scratch (id);
CLUSTER scratch USING idx_scratch_id;
"#,
        );
    snapshot!(c);
}

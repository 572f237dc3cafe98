//! `delete-without-where`: migrations it flags, and the same changes written safely, which nothing flags.

use super::*;

#[test]
fn delete_without_where() {
    let c = case("delete-without-where")
        .bad("DELETE FROM sessions;")
        .fixed("DELETE FROM sessions WHERE expires_at < now() - interval '30 days';")
        .on(Sqlite)
        .bad("DELETE FROM sessions;")
        .fixed("DELETE FROM sessions WHERE expires_at < datetime('now', '-30 days');");
    snapshot!(c);
}

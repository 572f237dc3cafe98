//! The derive's errors as the compiler shows them, pinned in `tests/ui/*.stderr`, and a struct
//! whose generated `table!` is used with diesel's query DSL.
//!
//! The error for a connection type whose backend feature is off is pinned apart, in
//! `tests/ui-without-backend/`: `db-tests/tests/outside_apps.rs` compiles it in a crate outside
//! the workspace, where no other crate turns the feature on.
//!
//! Bless changed messages on purpose with `TRYBUILD=overwrite cargo test -p tablewright --test
//! compile_fail`, then read every changed `.stderr` before committing it.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}

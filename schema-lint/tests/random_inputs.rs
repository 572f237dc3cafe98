//! The fuzz targets of fuzz/ on stable: random inputs, built from the fragments that matter to
//! each parser (quotes of every database, dollar tags, comment openers, brackets, YAML and
//! attribute syntax), fed to each target. A target panicking or overflowing its stack fails the
//! test, after the seed and input are printed.
//!
//! `TABLEWRIGHT_FUZZ_ITERATIONS=100000 cargo test -p tablewright-lint --release --test
//! random_inputs` runs longer; `TABLEWRIGHT_FUZZ_SEED=<n>` replays a run. Inputs that failed are
//! kept in fuzz/regressions/<target>/ (tests/fuzz_regressions.rs runs them).

#[path = "../../fuzz/src/targets.rs"]
mod targets;

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};

const SQL: &[&str] = &[
    "'",
    "\"",
    "`",
    "[",
    "]",
    "$",
    "$$",
    "$_$",
    "$t$",
    "E'",
    "e'",
    "U&'",
    "N'",
    "X'",
    "B'",
    "\\",
    "\\'",
    ";",
    "--",
    "-- ",
    "#",
    "/*",
    "*/",
    "(",
    ")",
    ",",
    " ",
    "\n",
    "a",
    "n",
    "1",
    "0",
    ">",
    "<",
    "=",
    "<>",
    "::",
    "AND ",
    "OR ",
    "IS NULL",
    "SELECT ",
    "FROM ",
    "CREATE TABLE t (a int)",
    "ALTER TABLE t ",
    "ADD COLUMN b text",
    "DROP TABLE x",
    "CREATE INDEX CONCURRENTLY i ON t (a)",
    "CREATE TRIGGER tr ",
    "BEGIN ",
    "END",
    "now()",
    "coalesce(",
    "é",
    "\u{0}",
    "\t",
    "IN (",
    "CASE WHEN ",
    " THEN ",
    " ELSE ",
    "[a]",
    "x'1f'",
];

const YAML: &[&str] = &[
    "table: ",
    "t",
    "u",
    "columns:\n",
    "  ",
    "    ",
    "- ",
    "{ ",
    " }",
    "[",
    "]",
    ": ",
    ", ",
    "\n",
    "'",
    "\"",
    "&a ",
    "*a",
    "type: ",
    "text",
    "bigint",
    "varchar(",
    "5",
    ")",
    "primary_key: true",
    "check: ",
    "default: ",
    "default_sql: ",
    "indexes:\n",
    "columns: [",
    "values: [",
    "---\n",
    "#",
    "\\",
    "$$",
    ";",
    "--",
    "/*",
    "é",
    "id",
    "references: ",
    "on_delete: cascade",
    "tenant: ",
    "comment: ",
    "native_type: { postgres: ",
    "diesel_type: ",
    "checks:\n",
    "expr: ",
    "predicate: ",
    "dropped: true",
    "renamed_from: ",
    "~",
    "null",
    "!!str ",
    "|\n",
    ">\n",
    "? ",
    "%YAML 1.2\n",
];

const RUST: &[&str] = &[
    "#[derive(Table)]\n",
    "struct S ",
    "{",
    "}",
    "#[column(",
    "#[table(",
    "name = \"",
    "\"",
    "primary_key",
    "check = \"",
    "default_sql = \"",
    ")]\n",
    "pub x: ",
    "y: ",
    "i64",
    "String",
    "Option<",
    "Vec<",
    ">",
    ",",
    "index",
    "max_length = 5",
    "\n",
    "(",
    ")",
    "r#\"",
    "\"#",
    "references = \"t.id\"",
    "on_delete = \"cascade\"",
    "tenant = \"x\"",
    "mod m ",
    "diesel_type = \"",
    "<",
    "::",
    "sql_type = \"",
    "dropped",
    "'",
    "$",
    ";",
    "//",
    "/*",
    "*/",
    "é",
];

fn iterations() -> usize {
    std::env::var("TABLEWRIGHT_FUZZ_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300)
}

/// Runs `target` on `iterations()` inputs of up to 40 fragments.
fn run(name: &str, fragments: &[&str], target: fn(&str)) {
    let seed = std::env::var("TABLEWRIGHT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| fastrand::u64(..));
    // Written past the test harness's capture: a stack overflow aborts before it could print.
    let _ = writeln!(std::io::stderr(), "{name}: seed {seed}");
    let mut rng = fastrand::Rng::with_seed(seed);
    for _ in 0..iterations() {
        let len = rng.usize(0..40);
        let input: String = (0..len).map(|_| fragments[rng.usize(..fragments.len())]).collect();
        if catch_unwind(AssertUnwindSafe(|| target(&input))).is_err() {
            panic!("{name} panicked (seed {seed}) on {input:?}; keep it in fuzz/regressions/{name}/");
        }
    }
}

#[test]
fn yaml_reader() {
    run("yaml_reader", YAML, targets::yaml_reader);
}

#[test]
fn attribute_parser() {
    run("attribute_parser", RUST, targets::attribute_parser);
}

#[test]
fn expression_checker() {
    run("expression_checker", SQL, targets::expression_checker);
}

#[test]
fn statement_splitter() {
    run("statement_splitter", SQL, targets::statement_splitter);
}

#[test]
fn linter_reader() {
    run("linter_reader", SQL, targets::linter_reader);
}

//! Inputs that crashed a parser, or took it unbounded work, kept so they never do again: every
//! file of fuzz/regressions/<target>/ runs through that fuzz target (fuzz/src/targets.rs). The
//! pathological inputs of issue 9 (40,000 levels of YAML, an alias bomb, 200 nested generics,
//! 10,000 parentheses, the breakouts of each database's quoting) are the first of them.

#[path = "../../fuzz/src/targets.rs"]
mod targets;

use std::path::Path;
use std::time::{Duration, Instant};

fn each(target: &str, run: fn(&str)) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/regressions")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let started = Instant::now();
        run(&text);
        // Bounded work: each is read in well under a second in a debug build.
        let took = started.elapsed();
        assert!(took < Duration::from_secs(10), "{}: {took:?}", file.display());
    }
}

#[test]
fn yaml_reader() {
    each("yaml_reader", targets::yaml_reader);
}

#[test]
fn attribute_parser() {
    each("attribute_parser", targets::attribute_parser);
}

#[test]
fn expression_checker() {
    each("expression_checker", targets::expression_checker);
}

#[test]
fn statement_splitter() {
    each("statement_splitter", targets::statement_splitter);
}

#[test]
fn linter_reader() {
    each("linter_reader", targets::linter_reader);
}

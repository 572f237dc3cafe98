//! Pathological YAML: nesting and aliases are bounded, with an error at the place, in time
//! linear in the text.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::node::{MAX_DEPTH, MAX_NODES};
use super::parse_str;
use crate::diagnostic::Diagnostics;

fn file() -> Option<Arc<PathBuf>> {
    Some(Arc::new(PathBuf::from("schemas/deep.yaml")))
}

/// The one diagnostic, rendered, and how long reading took.
fn read(text: &str) -> (String, Duration) {
    let started = Instant::now();
    let (tables, problems) = parse_str(text, file());
    let took = started.elapsed();
    assert!(tables.is_empty());
    assert_eq!(problems.len(), 1, "{}", Diagnostics(problems.clone()));
    (problems[0].to_string(), took)
}

#[test]
fn block_nesting_40k_levels_deep() {
    // `- - - ... x`: 40,000 sequences on one line.
    let text = format!("table: t\ncolumns:\n  {}x\n", "- ".repeat(40_000));
    let (shown, took) = read(&text);
    let column = 3 + 2 * MAX_DEPTH - 2;
    assert!(
        shown.starts_with(&format!(
            "error[yaml-syntax]: the YAML nests collections more than {MAX_DEPTH} levels deep here; a table needs five\n  --> schemas/deep.yaml:3:{column}"
        )),
        "{shown}"
    );
    // Reading stops at the limit: milliseconds, not the seconds a 40,000-deep tree took.
    assert!(took < Duration::from_secs(2), "{took:?}");
}

#[test]
fn flow_nesting_40k_levels_deep() {
    let text = format!("table: t\ncolumns: {}{}\n", "[".repeat(40_000), "]".repeat(40_000));
    let (shown, took) = read(&text);
    assert!(
        shown.starts_with(&format!(
            "error[yaml-syntax]: the YAML nests collections more than {MAX_DEPTH} levels deep here"
        )),
        "{shown}"
    );
    assert!(shown.contains("schemas/deep.yaml:2:"), "{shown}");
    assert!(took < Duration::from_secs(2), "{took:?}");
}

#[test]
fn nesting_up_to_the_limit_is_read() {
    // Too deep for a table, but within the limit: the reader reports the value at its key.
    let text = format!(
        "table: t\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\ncomment: {}x{}\n",
        "[".repeat(MAX_DEPTH - 1),
        "]".repeat(MAX_DEPTH - 1)
    );
    let (_, problems) = parse_str(&text, file());
    assert!(
        problems.iter().all(|p| p.code != "yaml-syntax"),
        "{}",
        Diagnostics(problems)
    );
}

#[test]
fn an_alias_bomb_stops_at_the_node_limit() {
    // Nine levels of ten aliases each: a billion values once expanded.
    let mut text = String::from("table: t\nx0: &a0 [v, v, v, v, v, v, v, v, v, v]\n");
    for level in 1..10 {
        let prev = level - 1;
        text.push_str(&format!(
            "x{level}: &a{level} [{}]\n",
            vec![format!("*a{prev}"); 10].join(", ")
        ));
    }
    let (shown, took) = read(&text);
    assert!(
        shown.starts_with(&format!(
            "error[yaml-syntax]: the document holds more than {MAX_NODES} values once its aliases are expanded"
        )),
        "{shown}"
    );
    assert!(took < Duration::from_secs(5), "{took:?}");
}

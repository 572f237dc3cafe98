//! `docs/lint.md` lists every rule of [`RULES`], in order, with its severity and databases: the
//! summary table between the markers is generated from the table, and each rule has a section
//! whose first line repeats the severity and databases.
//!
//! The committed file is a golden file: this test never rewrites it unless asked to with
//! `TABLEWRIGHT_BLESS=1 cargo test -p tablewright-lint --test docs`.

use std::path::PathBuf;

use tablewright_lint::{Dialect, Severity, RULES};

const BEGIN: &str =
    "<!-- rules: generated from tablewright_lint::RULES; TABLEWRIGHT_BLESS=1 cargo test -p tablewright-lint --test docs -->";
const END: &str = "<!-- end of rules -->";

fn doc_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/lint.md")
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn databases(dialects: &[Dialect]) -> String {
    Dialect::ALL
        .iter()
        .filter(|d| dialects.contains(d))
        .map(|d| match d {
            Dialect::Postgres => "PostgreSQL",
            Dialect::Mysql => "MySQL",
            Dialect::Sqlite => "SQLite",
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn table() -> String {
    let mut text = String::from("| Rule | Severity | Databases | Finds |\n| --- | --- | --- | --- |\n");
    for rule in RULES {
        text.push_str(&format!(
            "| [`{0}`](#{0}) | {1} | {2} | {3} |\n",
            rule.name,
            severity(rule.severity),
            databases(rule.dialects),
            rule.summary.replace('|', "\\|")
        ));
    }
    text
}

#[test]
fn the_rule_table_is_current() {
    let doc = std::fs::read_to_string(doc_path()).expect("docs/lint.md exists");
    let (before, rest) = doc.split_once(BEGIN).expect("docs/lint.md has the begin marker");
    let (current, after) = rest.split_once(END).expect("docs/lint.md has the end marker");
    let generated = format!("\n{}", table());
    if current != generated {
        if std::env::var_os("TABLEWRIGHT_BLESS").is_some() {
            std::fs::write(doc_path(), format!("{before}{BEGIN}{generated}{END}{after}")).unwrap();
        } else {
            panic!(
                "the rule table of docs/lint.md is out of date; regenerate it with\n  TABLEWRIGHT_BLESS=1 cargo test -p tablewright-lint --test docs\nexpected:\n{generated}"
            );
        }
    }
}

#[test]
fn every_rule_has_its_section_in_order() {
    let doc = std::fs::read_to_string(doc_path()).expect("docs/lint.md exists");
    let sections: Vec<&str> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("#### `").and_then(|l| l.strip_suffix('`')))
        .collect();
    let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    assert_eq!(sections, names, "the `#### `rule`` sections of docs/lint.md");
    for rule in RULES {
        let heading = format!("#### `{}`\n\n", rule.name);
        let at = doc.find(&heading).unwrap() + heading.len();
        let first_line = doc[at..].lines().next().unwrap_or_default();
        let expected = format!("*{} · {}*", severity(rule.severity), databases(rule.dialects));
        assert_eq!(first_line, expected, "the line under `{}`", rule.name);
    }
}

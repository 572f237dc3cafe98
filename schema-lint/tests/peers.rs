//! The safety cases and clean cases of the linter's peers, squawk and diesel-guard, written anew
//! for Tablewright (`tests/peers/*.sql`, one case per peer test, in that test's transaction
//! setting): every hazard is reported by one of the rules the case names, no clean case raises an
//! error, and the cases a peer reports but that are no hazard on PostgreSQL 12+ say why.
//!
//! The coverage table of docs/lint.md is generated from these counts; it is a golden block,
//! rewritten only with `TABLEWRIGHT_BLESS=1 cargo test -p tablewright-lint --test peers`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use tablewright_lint::{lint_sql, Dialect, Options, Severity, RULES};

const BEGIN: &str = "<!-- peers: generated from schema-lint/tests/peers; TABLEWRIGHT_BLESS=1 cargo test -p tablewright-lint --test peers -->";
const END: &str = "<!-- end of peers -->";

enum Expect {
    Hazard(Vec<String>),
    Clean,
    Exempt(String),
}

struct Case {
    peer_rule: String,
    name: String,
    expect: Expect,
    in_transaction: bool,
    sql: String,
}

fn cases(file: &str) -> Vec<Case> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/peers").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut cases: Vec<Case> = Vec::new();
    for line in text.lines() {
        if let Some(header) = line.strip_prefix("-- case: ") {
            let parts: Vec<&str> = header.split(" | ").collect();
            assert_eq!(
                parts.len(),
                3,
                "{file}: `{line}` is `-- case: rule/name | expectation | tx`"
            );
            let (peer_rule, name) = parts[0].split_once('/').expect("rule/name");
            let expect = match parts[1] {
                "clean" => Expect::Clean,
                other => match other.split_once(": ") {
                    Some(("hazard", rules)) => {
                        let rules: Vec<String> = rules.split_whitespace().map(str::to_string).collect();
                        for rule in &rules {
                            assert!(RULES.iter().any(|r| r.name == rule), "{file}: no rule `{rule}`");
                        }
                        Expect::Hazard(rules)
                    }
                    Some(("exempt", why)) => Expect::Exempt(why.to_string()),
                    _ => panic!("{file}: unknown expectation `{other}`"),
                },
            };
            let in_transaction = match parts[2] {
                "tx" => true,
                "no-tx" => false,
                other => panic!("{file}: `{other}` is tx or no-tx"),
            };
            cases.push(Case {
                peer_rule: peer_rule.to_string(),
                name: name.to_string(),
                expect,
                in_transaction,
                sql: String::new(),
            });
        } else if let Some(case) = cases.last_mut() {
            if !line.trim().is_empty() {
                case.sql.push_str(line);
                case.sql.push('\n');
            }
        }
    }
    cases
}

/// Counts per peer rule: (hazards, flagged, clean cases, false alarms, exempt, our rules).
#[derive(Default)]
struct Tally {
    hazards: usize,
    flagged: usize,
    clean: usize,
    false_alarms: usize,
    exempt: usize,
    ours: std::collections::BTreeSet<String>,
}

fn run(file: &str) -> (BTreeMap<String, Tally>, Vec<String>) {
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut problems = Vec::new();
    for case in cases(file) {
        let options = Options {
            run_in_transaction: case.in_transaction,
            ..Options::default()
        };
        let findings = lint_sql(&case.sql, Dialect::Postgres, &options);
        let tally = tallies.entry(case.peer_rule.clone()).or_default();
        let label = format!("{file}: {}/{}", case.peer_rule, case.name);
        match &case.expect {
            Expect::Hazard(rules) => {
                tally.hazards += 1;
                tally.ours.extend(rules.iter().cloned());
                if findings.iter().any(|f| rules.iter().any(|r| r == f.rule)) {
                    tally.flagged += 1;
                } else {
                    problems.push(format!(
                        "{label}: not flagged by {rules:?}; found {:?}",
                        findings.iter().map(|f| f.rule).collect::<Vec<_>>()
                    ));
                }
            }
            Expect::Clean => {
                tally.clean += 1;
                let errors: Vec<String> = findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .map(|f| format!("{}: {}", f.rule, f.message))
                    .collect();
                if !errors.is_empty() {
                    tally.false_alarms += 1;
                    problems.push(format!("{label}: false alarm {errors:?}"));
                }
            }
            Expect::Exempt(why) => {
                assert!(why.len() > 20, "{label}: say why it is no hazard");
                tally.exempt += 1;
            }
        }
    }
    (tallies, problems)
}

fn table(peer: &str, tallies: &BTreeMap<String, Tally>) -> String {
    let mut text = format!(
        "| {peer} rule | Tablewright rules | hazards flagged | clean cases without an error | not a hazard on PostgreSQL 12+ |\n| --- | --- | --- | --- | --- |\n"
    );
    let mut total = Tally::default();
    for (rule, t) in tallies {
        let ours = if t.ours.is_empty() {
            "—".to_string()
        } else {
            t.ours.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")
        };
        text.push_str(&format!(
            "| `{rule}` | {ours} | {}/{} | {}/{} | {} |\n",
            t.flagged,
            t.hazards,
            t.clean - t.false_alarms,
            t.clean,
            t.exempt
        ));
        total.hazards += t.hazards;
        total.flagged += t.flagged;
        total.clean += t.clean;
        total.false_alarms += t.false_alarms;
        total.exempt += t.exempt;
    }
    text.push_str(&format!(
        "| **all** | | **{}/{}** | **{}/{}** | **{}** |\n",
        total.flagged,
        total.hazards,
        total.clean - total.false_alarms,
        total.clean,
        total.exempt
    ));
    text
}

#[test]
fn every_peer_hazard_is_flagged_and_no_clean_case_raises_an_error() {
    let mut problems = Vec::new();
    let mut generated = String::from("\n");
    for (peer, file) in [("squawk", "squawk.sql"), ("diesel-guard", "diesel-guard.sql")] {
        let (tallies, found) = run(file);
        problems.extend(found);
        generated.push_str(&table(peer, &tallies));
        generated.push('\n');
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/lint.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (before, rest) = doc.split_once(BEGIN).expect("docs/lint.md has the peers marker");
    let (current, after) = rest.split_once(END).expect("docs/lint.md has the end of peers marker");
    if current != generated {
        if std::env::var_os("TABLEWRIGHT_BLESS").is_some() {
            std::fs::write(&path, format!("{before}{BEGIN}{generated}{END}{after}")).unwrap();
        } else {
            panic!("the peer coverage tables of docs/lint.md are out of date; regenerate them with\n  TABLEWRIGHT_BLESS=1 cargo test -p tablewright-lint --test peers\nexpected:\n{generated}");
        }
    }
}

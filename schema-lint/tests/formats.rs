//! The findings in the formats CI reads: SARIF for code scanning, GitHub workflow commands for
//! pull-request annotations.

use tablewright_lint::{findings_to_github, findings_to_sarif, lint_sql, Dialect, Options};

fn findings() -> Vec<tablewright_lint::Finding> {
    let mut found = lint_sql(
        "ALTER TABLE lots DROP COLUMN legacy_code;",
        Dialect::Postgres,
        &Options::default(),
    );
    for finding in &mut found {
        finding.file = Some("migrations/2026_x/up.sql".into());
    }
    found
}

#[test]
fn sarif_lists_the_rules_and_locates_each_result() {
    let log: serde_json::Value = serde_json::from_str(&findings_to_sarif(&findings())).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "tablewright-lint");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), tablewright_lint::RULES.len());
    let results = run["results"].as_array().unwrap();
    let drop = results.iter().find(|r| r["ruleId"] == "drop-column").unwrap();
    assert_eq!(drop["level"], "error");
    let location = &drop["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "migrations/2026_x/up.sql");
    assert_eq!(location["region"]["startLine"], 1);
    assert_eq!(location["region"]["startColumn"], 30);
    assert!(drop["message"]["text"].as_str().unwrap().contains("help: "));
}

#[test]
fn github_annotations_are_one_escaped_line_each() {
    let found = findings();
    let text = findings_to_github(&found);
    assert_eq!(text.lines().count(), found.len());
    let drop = text.lines().find(|l| l.contains("drop-column")).unwrap();
    assert!(
        drop.starts_with("::error file=migrations/2026_x/up.sql,line=1,col=30,title=tablewright-lint drop-column::"),
        "{drop}"
    );
    // The help is on its own line of the annotation, escaped so the command stays one line.
    assert!(drop.contains("%0Ahelp: "), "{drop}");
    assert!(text.lines().any(|l| l.starts_with("::warning ")), "{text}");
}

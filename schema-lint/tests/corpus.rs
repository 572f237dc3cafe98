//! The linter over a long real-world-shaped history: `tests/corpus/registry` is 116 diesel
//! migrations of a package registry, written for this test after studying the history of a
//! public diesel application of that kind (nothing copied): tables created without a thought
//! for locks, a table renamed, columns added and dropped, backfills in one statement, a
//! function without a volatility marker used as a column default (the table is rewritten), a
//! column type change, `SET NOT NULL`, indexes built both ways, triggers and PL/pgSQL bodies,
//! a materialized view, reviewed exceptions with ignore comments. Every finding is pinned: a
//! rule that starts or stops reporting here shows in the snapshot.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use tablewright_lint::{lint_new_migrations, lint_path, Dialect, Finding, Options};

fn corpus() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/registry")
}

/// One line per finding (migration, line:column, severity, rule, message), then the count of
/// each rule.
fn report(findings: &[Finding]) -> String {
    let mut out = String::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for finding in findings {
        let file = finding.file.as_deref().expect("a file");
        let migration = file.parent().and_then(Path::file_name).unwrap().to_string_lossy();
        let severity = if finding.is_error() { "error" } else { "warning" };
        let _ = writeln!(
            out,
            "{migration}:{}:{} {severity}[{}] {}",
            finding.line, finding.column, finding.rule, finding.message
        );
        *counts.entry(finding.rule).or_default() += 1;
    }
    out.push('\n');
    for (rule, count) in counts {
        let _ = writeln!(out, "{count:>3} {rule}");
    }
    out
}

#[test]
fn the_registry_history_reads_as_pinned() {
    let migrations = std::fs::read_dir(corpus()).unwrap().count();
    assert!(
        migrations >= 100,
        "the corpus is a long history: {migrations} migrations"
    );
    let findings = lint_path(&corpus(), Dialect::Postgres, &Options::default()).unwrap();
    // The hazards it was written with are all found.
    for (migration, rule) in [
        ("add_api_token_to_accounts", "adding-volatile-default"),
        ("downloads_to_bigint", "changing-column-type"),
        ("rename_pkgs_to_packages", "renaming-table"),
        ("account_gh_id", "setting-not-null"),
        ("drop_badges", "drop-table"),
        ("vacuum_releases", "vacuum-full"),
        ("reindex_releases", "reindex-not-concurrently"),
        ("refresh_recent_downloads", "refresh-materialized-view-not-concurrently"),
        ("cleanup_background_jobs", "delete-without-where"),
        ("backfill_num_no_build", "update-without-where"),
        ("index_api_token", "create-index-not-concurrently"),
        ("invitation_token_unique", "adding-unique-constraint"),
    ] {
        assert!(
            findings.iter().any(|f| f.rule == rule
                && f.file
                    .as_deref()
                    .is_some_and(|p| p.to_string_lossy().contains(migration))),
            "no {rule} in {migration}"
        );
    }
    // And the reviewed or safe ones are not: a timestamp to timestamptz change in a UTC
    // session, an IMMUTABLE function as a default, drops excused with a reason.
    for migration in [
        "timestamps_with_time_zone",
        "default_semver_ord",
        "drop_metadata",
        "drop_downloads_from_packages",
    ] {
        let here: Vec<&Finding> = findings
            .iter()
            .filter(|f| {
                f.file
                    .as_deref()
                    .is_some_and(|p| p.to_string_lossy().contains(migration))
            })
            .filter(|f| f.is_error())
            .collect();
        assert!(here.is_empty(), "{migration}: {here:#?}");
    }
    insta::assert_snapshot!(report(&findings));
}

/// `generate` on top of this history lints only what it wrote, and sees the history: the
/// last migration alone has the findings `lint_path` gives it.
#[test]
fn the_last_migration_alone_as_generate_lints_it() {
    let mut folders: Vec<_> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    folders.sort();
    let last = folders.last().unwrap();
    let all = lint_path(&corpus(), Dialect::Postgres, &Options::default()).unwrap();
    let new = lint_new_migrations(&corpus(), last, Dialect::Postgres, &Options::default()).unwrap();
    let expected: Vec<Finding> = all
        .into_iter()
        .filter(|f| f.file.as_deref().and_then(Path::parent) == Some(last.as_path()))
        .collect();
    assert!(!new.is_empty());
    assert_eq!(new, expected);
}

/// The statements the fast path reads without sqlparser (schema-lint/src/fast.rs) give the findings
/// sqlparser's reading gives, over the whole history.
#[test]
fn the_fast_path_finds_what_the_full_parser_finds() {
    let fast = lint_path(&corpus(), Dialect::Postgres, &Options::default()).unwrap();
    let full = tablewright_lint::full_parse::lint_path(&corpus(), Dialect::Postgres, &Options::default()).unwrap();
    assert!(!fast.is_empty());
    assert_eq!(fast, full);
}

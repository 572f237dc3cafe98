//! The migrations Tablewright generates pass the linter.
//!
//! Migrations are written the way `generate` and `cargo build` write them (`Project::sync`, one
//! folder per migration with its `metadata.toml`, each version sealed before the next, as a commit
//! would), and the folder is linted as a whole, the way `tablewright lint migrations/` reads it.
//! The repository's warehouse schema and every new table produce no finding at all. The `evolve`
//! fixtures of db-tests change existing tables (additions, renames, drops, type changes); what the
//! linter still reports there is listed in `JUSTIFIED`, each with the reason it stays.

use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use tablewright_core::dialect::Dialect;
use tablewright_core::migrations::MigrationSet;
use tablewright_core::project::{Mode, Outcome, Project};
use tablewright_lint::{lint_path, Finding, Options};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn project(schemas: PathBuf, migrations: &Path, dialect: Dialect) -> Project {
    Project {
        schema_dirs: vec![schemas],
        source_dirs: vec![],
        migrations_dir: migrations.to_path_buf(),
        dialect,
    }
}

/// Generates the migrations of each schema folder in turn into `migrations`, sealing the earlier
/// ones first.
fn generate(schema_dirs: &[PathBuf], migrations: &Path, dialect: Dialect) {
    for (step, dir) in schema_dirs.iter().enumerate() {
        for folder in MigrationSet::read(migrations).unwrap().folders {
            folder.seal().unwrap();
        }
        let project = project(dir.clone(), migrations, dialect);
        let schema = project.load().unwrap_or_else(|d| panic!("{d}")).schema;
        let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000 + step as u64 * 60);
        let outcome = project
            .sync(&schema, Mode::Write, now)
            .unwrap_or_else(|e| panic!("{} on {dialect}: {e}", dir.display()));
        assert!(matches!(outcome, Outcome::Created { .. }), "{outcome:?}");
    }
}

fn lint_generated(schema_dirs: &[PathBuf], dialect: Dialect) -> Vec<Finding> {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let migrations = dir.path().join("migrations");
    generate(schema_dirs, &migrations, dialect);
    let mut findings = lint_path(&migrations, dialect, &Options::default()).unwrap();
    for finding in &mut findings {
        finding.file = finding
            .file
            .as_ref()
            .map(|f| f.strip_prefix(&migrations).unwrap().to_path_buf());
    }
    findings
}

fn show(findings: &[Finding]) -> String {
    findings.iter().map(|f| format!("{f}\n\n")).collect()
}

#[test]
fn the_warehouse_migrations_have_no_findings() {
    let findings = lint_generated(&[root().join("schemas")], Dialect::Postgres);
    assert!(findings.is_empty(), "{}", show(&findings));
}

#[test]
fn the_committed_migrations_have_no_findings() {
    let findings =
        lint_path(&root().join("migrations"), Dialect::Postgres, &Options::default()).expect("the folder reads");
    assert!(findings.is_empty(), "{}", show(&findings));
}

fn evolve(version: &str) -> PathBuf {
    root().join(format!("db-tests/fixtures/evolve/{version}"))
}

#[test]
fn new_tables_have_no_findings_on_any_database() {
    for dialect in Dialect::ALL {
        let findings = lint_generated(&[evolve("v1")], dialect);
        assert!(findings.is_empty(), "{dialect}:\n{}", show(&findings));
    }
}

/// Findings on generated changes to existing tables that are real and stay, with why. `None`
/// stands for every database.
const JUSTIFIED: &[(Option<Dialect>, &str, &str, &str)] = &[
    // Declared renames and two-step drops carry an ignore comment naming the declaration
    // (`renamed_from`, `dropped`, `purged`), and PostgreSQL builds unique indexes concurrently
    // before attaching them: none of those is reported any more. MySQL migrations set
    // lock_wait_timeout. Nothing is left.
];

#[test]
fn changes_to_existing_tables_report_only_justified_findings() {
    let mut unexpected = Vec::new();
    for dialect in Dialect::ALL {
        let versions: Vec<PathBuf> = ["v1", "v2", "v3", "v4", "v5", "v6"].into_iter().map(evolve).collect();
        for finding in lint_generated(&versions, dialect) {
            let justified = JUSTIFIED.iter().any(|(d, rule, text, _)| {
                d.is_none_or(|d| d == dialect) && *rule == finding.rule && finding.message.contains(text)
            });
            if !justified {
                unexpected.push(format!("{dialect}: {finding}"));
            }
        }
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n\n"));
}

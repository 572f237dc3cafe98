//! `tablewright import` on real databases: a database built by Tablewright is imported back into
//! YAML that has no drift from it, and that builds an empty database with no drift either; a
//! database built by hand (no migrations ran on it) is adopted with a baseline recorded as
//! applied, so `migrate up` re-creates nothing.

mod common;

use common::{Project, TestDb};
use tablewright_core::Dialect;
use tablewright_db_tests::{external_tables_sql, load_schema, repo_root};

/// `diff --schemas DIR` finds nothing, as JSON.
fn assert_clean(project: &Project, db: &TestDb, schemas: &str) {
    let run = project.run(Some(db), &["diff", "--schemas", schemas, "--format", "json"]);
    assert_eq!(
        run.code,
        Some(0),
        "diff --schemas {schemas} on {}:\n{}{}",
        db.dialect,
        run.stdout,
        run.stderr
    );
    assert_eq!(run.json()["drift"], serde_json::json!([]));
}

/// Import `db` (migrated from the project's `schemas/`) into `imported/`; then the imported schema
/// matches `db`, and builds `empty` into a database that matches it too.
fn round_trip(project: &Project, db: &TestDb, empty: &TestDb) {
    project
        .run(Some(db), &["import", "--no-baseline", "--out", "imported"])
        .expect(0)
        .assert_contains("wrote");
    assert_clean(project, db, "imported");
    let dialect = db.dialect.name();
    project
        .run(
            None,
            &[
                "generate",
                "--schemas",
                "imported",
                "--migrations",
                "rebuilt",
                "--dialect",
                dialect,
            ],
        )
        .expect(0);
    project
        .run(Some(empty), &["migrate", "up", "--create", "--migrations", "rebuilt"])
        .expect(0);
    assert_clean(project, empty, "imported");
}

fn migrated(fixture: &str, db: &TestDb) -> Project {
    let project = Project::new(fixture);
    project
        .run(None, &["generate", "--dialect", db.dialect.name()])
        .expect(0);
    project.run(Some(db), &["migrate", "up"]).expect(0);
    project
}

#[test]
fn postgres_round_trip() {
    let (Some(db), Some(empty)) = (TestDb::postgres(), TestDb::postgres()) else {
        return;
    };
    round_trip(&migrated("warehouse/v2", &db), &db, &empty);
}

#[test]
fn sqlite_round_trip() {
    let (db, empty) = (TestDb::sqlite(), TestDb::sqlite());
    round_trip(&migrated("warehouse/v2", &db), &db, &empty);
}

#[test]
fn mariadb_round_trip() {
    let (Some(db), Some(empty)) = (TestDb::mysql(), TestDb::mysql()) else {
        return;
    };
    round_trip(&migrated("warehouse/v2", &db), &db, &empty);
}

/// The repository's own schema: tenants (row-level security and policies), comments, checks,
/// partial and GIN indexes, update triggers, and shared tables owned by another team.
#[test]
fn postgres_round_trip_of_the_repository_schema() {
    let (Some(db), Some(empty)) = (TestDb::postgres(), TestDb::postgres()) else {
        return;
    };
    let schemas = repo_root().join("schemas");
    let schema = load_schema(std::slice::from_ref(&schemas), Dialect::Postgres);
    let shared: Vec<String> = schema
        .tables
        .iter()
        .filter(|t| t.is_external())
        .map(|t| t.name.clone())
        .collect();
    for target in [&db, &empty] {
        target.execute(&external_tables_sql(&schema, Dialect::Postgres));
    }
    let project = Project::new("warehouse/v1");
    let migrations = repo_root().join("migrations");
    project
        .run(
            Some(&db),
            &["migrate", "up", "--migrations", migrations.to_str().unwrap()],
        )
        .expect(0);
    let external = shared.join(",");
    project
        .run(
            Some(&db),
            &["import", "--no-baseline", "--out", "imported", "--external", &external],
        )
        .expect(0);
    assert_clean(&project, &db, "imported");
    project
        .run(
            None,
            &[
                "generate",
                "--schemas",
                "imported",
                "--migrations",
                "rebuilt",
                "--dialect",
                "postgres",
            ],
        )
        .expect(0);
    project
        .run(Some(&empty), &["migrate", "up", "--migrations", "rebuilt"])
        .expect(0);
    assert_clean(&project, &empty, "imported");
}

/// A database whose tables were made by hand (here: the SQL Tablewright would write, run
/// without its migrator): import writes the YAML and a baseline migration recorded as applied,
/// and the next `migrate up` runs nothing.
#[test]
fn postgres_adoption_records_a_baseline() {
    let Some(db) = TestDb::postgres() else { return };
    adoption(&db);
}

#[test]
fn sqlite_adoption_records_a_baseline() {
    adoption(&TestDb::sqlite());
}

fn adoption(db: &TestDb) {
    let project = Project::new("warehouse/v2");
    let schema = load_schema(&[project.path().join("schemas")], db.dialect);
    let statements = tablewright_core::catalog::build_sql(&schema, db.dialect).unwrap();
    db.execute(&format!("{};", statements.join(";\n")));
    db.execute("INSERT INTO storage_locations (location_code, location_type) VALUES ('A-1', 'BIN')");
    let run = project
        .run(Some(db), &["import", "--out", "adopted", "--migrations", "baseline"])
        .expect(0);
    run.assert_contains("recorded 1 migration(s) as applied");
    let status = project
        .run(
            Some(db),
            &["migrate", "status", "--migrations", "baseline", "--format", "json"],
        )
        .expect(0)
        .json();
    let states: Vec<&str> = status["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["applied"], "{status:#}");
    project
        .run(Some(db), &["migrate", "up", "--migrations", "baseline"])
        .expect(0)
        .assert_contains("nothing to apply: 1 migration(s) already applied");
    assert_eq!(
        db.count("SELECT count(*) AS n FROM storage_locations"),
        1,
        "the rows are untouched"
    );
    // A second baseline is refused before anything is written.
    let again = project.run(
        Some(db),
        &[
            "migrate",
            "baseline",
            "--schemas",
            "adopted",
            "--migrations",
            "elsewhere",
        ],
    );
    again.expect(2).assert_contains("already has 1 migration(s) applied");
    assert!(!project.path().join("elsewhere").exists());
}

/// A database that differs from the schema gets no baseline: recording one would claim
/// migrations ran that describe another database.
#[test]
fn postgres_baseline_refuses_a_database_that_differs() {
    let Some(db) = TestDb::postgres() else { return };
    let project = Project::new("warehouse/v2");
    let schema = load_schema(&[project.path().join("schemas")], Dialect::Postgres);
    let statements = tablewright_core::catalog::build_sql(&schema, Dialect::Postgres).unwrap();
    db.execute(&format!("{};", statements.join(";\n")));
    db.execute("ALTER TABLE lots ALTER COLUMN quantity SET DEFAULT 7");
    project
        .run(Some(&db), &["migrate", "baseline", "--schemas", "schemas"])
        .expect(2)
        .assert_contains("column `quantity` default is 7 in the database");
    assert!(!project.path().join("migrations").exists());
}

#[test]
fn mariadb_adoption_records_a_baseline() {
    let Some(db) = TestDb::mysql() else { return };
    adoption(&db);
}

/// The quickstart example (derive structs, SQLite), migrated with its committed migrations.
#[test]
fn sqlite_round_trip_of_the_quickstart_example() {
    let (db, empty) = (TestDb::sqlite(), TestDb::sqlite());
    let project = Project::new("warehouse/v1");
    let migrations = repo_root().join("examples/quickstart-sqlite/migrations");
    project
        .run(
            Some(&db),
            &["migrate", "up", "--migrations", migrations.to_str().unwrap()],
        )
        .expect(0);
    round_trip(&project, &db, &empty);
}

/// A real database rarely follows every check: its findings stop the baseline, with the waivers
/// that would answer the deliberate ones; written with a reason, the baseline goes through.
#[test]
fn sqlite_import_suggests_waivers_for_deliberate_findings() {
    let db = TestDb::sqlite();
    db.execute(
        "CREATE TABLE sites (id INTEGER NOT NULL, CONSTRAINT sites_pkey PRIMARY KEY (id));
         CREATE TABLE visits (id INTEGER NOT NULL, site_id INTEGER NOT NULL,
             CONSTRAINT visits_pkey PRIMARY KEY (id),
             CONSTRAINT visits_site_id_fkey FOREIGN KEY (site_id) REFERENCES sites (id) ON DELETE CASCADE);",
    );
    let project = Project::new("warehouse/v1");
    let run = project
        .run(Some(&db), &["import", "--out", "adopted", "--migrations", "baseline"])
        .expect(2);
    run.assert_contains("error[unindexed-foreign-key]: foreign key `visits_site_id_fkey` on `visits`")
        .assert_contains("to keep them in visits.yaml as they are, add (with the reason):")
        .assert_contains("- { check: unindexed-foreign-key, object: visits_site_id_fkey, reason: '...' }");
    assert!(!project.path().join("baseline").exists(), "no baseline is written");
    let file = project.path().join("adopted/visits.yaml");
    let mut yaml = std::fs::read_to_string(&file).unwrap();
    yaml.push_str(
        "waive:\n  - { check: unindexed-foreign-key, object: visits_site_id_fkey, reason: sites are never deleted }\n",
    );
    std::fs::write(&file, yaml).unwrap();
    project
        .run(
            Some(&db),
            &[
                "migrate",
                "baseline",
                "--schemas",
                "adopted",
                "--migrations",
                "baseline",
            ],
        )
        .expect(0)
        .assert_contains("recorded 1 migration(s) as applied");
}

/// MySQL keeps an enum in its column; import writes it as an enum type, which the summary counts
/// as a type, not as a table.
#[test]
fn mariadb_import_counts_an_enum_column_as_a_type() {
    let Some(db) = TestDb::mysql() else { return };
    db.execute(
        "CREATE TABLE customers (id bigint AUTO_INCREMENT PRIMARY KEY, \
         status enum('active', 'closed') NOT NULL DEFAULT 'active')",
    );
    let project = Project::new("warehouse/v1");
    project
        .run(Some(&db), &["import", "--out", "adopted", "--migrations", "baseline"])
        .expect(0)
        .assert_contains(
            "import: wrote 1 table(s) and 1 extension(s), enum type(s), domain(s) and composite type(s) to adopted",
        );
}

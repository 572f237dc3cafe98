//! `tablewright diff` on real databases: a freshly migrated database has no drift (exit 0); a
//! column, an index, a policy and a comment changed by hand are each reported (exit 1).

mod common;

use common::{Project, Run, TestDb};
use tablewright_core::Dialect;
use tablewright_db_tests::{external_tables_sql, load_schema, repo_root};

/// Every expected line is in the text output, and in the JSON as `table: message`.
fn assert_reported(project: &Project, db: &TestDb, args: &[&str], expected: &[&str]) {
    let text = project.run(Some(db), args).expect(1);
    text.assert_contains("drift found");
    // Drift is often a database that has not applied the newest migrations yet.
    text.assert_contains("catches up with `tablewright migrate up`");
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let json = project.run(Some(db), &json_args).expect(1).json();
    let reported: Vec<String> = json["drift"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{}: {}", d["table"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    for line in expected {
        text.assert_contains(line);
        assert!(
            reported.iter().any(|r| r.contains(line)),
            "expected {line:?} in the JSON drift:\n{}",
            reported.join("\n")
        );
    }
}

fn assert_clean(project: &Project, db: &TestDb, args: &[&str]) -> Run {
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let json = project.run(Some(db), &json_args).expect(0).json();
    assert_eq!(json["drift"], serde_json::json!([]));
    assert_eq!(json["dialect"], db.dialect.name());
    project.run(Some(db), args).expect(0).assert_contains("no drift");
    project.run(Some(db), args).expect(0)
}

/// The portable warehouse tables, migrated with the CLI.
fn migrated(db: &TestDb) -> Project {
    let project = Project::new("warehouse/v1");
    project
        .run(None, &["generate", "--dialect", db.dialect.name()])
        .expect(0);
    project.run(Some(db), &["migrate", "up"]).expect(0);
    project
}

#[test]
fn postgres_drift() {
    let Some(db) = TestDb::postgres() else { return };
    let project = migrated(&db);
    assert_clean(&project, &db, &["diff"]);
    db.execute(
        "ALTER TABLE storage_locations ALTER COLUMN zone SET NOT NULL;
         DROP INDEX idx_lots_status_expiration;
         COMMENT ON COLUMN lots.lot_code IS 'edited by hand';",
    );
    assert_reported(&project, &db, &["diff"], &[
        "storage_locations: column `zone` is NOT NULL in the database, nullable in the schema",
        "lots: index `idx_lots_status_expiration` is missing",
        "lots: column `lot_code` comment is Some(\"edited by hand\") in the database, Some(\"Supplier or internal lot number\") in the schema",
    ]);
}

/// The repository's own schemas and migrations, with row-level security and policies.
#[test]
fn postgres_drift_of_the_repository_schema_including_policies() {
    let Some(db) = TestDb::postgres() else { return };
    let schemas = repo_root().join("schemas");
    let migrations = repo_root().join("migrations");
    let schema = load_schema(std::slice::from_ref(&schemas), Dialect::Postgres);
    // The shared tables belong to another team's migrations, which run first.
    db.execute(&external_tables_sql(&schema, Dialect::Postgres));
    let project = Project::new("warehouse/v1");
    let (schemas, migrations) = (schemas.to_str().unwrap(), migrations.to_str().unwrap());
    project
        .run(Some(&db), &["migrate", "up", "--migrations", migrations])
        .expect(0);
    let diff = ["diff", "--schemas", schemas];
    assert_clean(&project, &db, &diff);

    db.execute(
        "ALTER TABLE lots ALTER COLUMN unit_of_measure TYPE varchar(20);
         DROP INDEX idx_lots_active;
         DROP POLICY lots_tenant_isolation ON lots;
         ALTER POLICY storage_locations_tenant_isolation ON storage_locations USING (true) WITH CHECK (true);
         COMMENT ON TABLE storage_locations IS 'edited by hand';",
    );
    assert_reported(&project, &db, &diff, &[
        "lots: column `unit_of_measure` is character varying(20) in the database, character varying(10) in the schema",
        "lots: index `idx_lots_active` is missing",
        "lots: policy `lots_tenant_isolation` is missing",
        "storage_locations: policy `storage_locations_tenant_isolation` is PERMISSIVE FOR ALL TO {public} USING (true) WITH CHECK (true) in the database",
        "storage_locations: table comment is Some(\"edited by hand\") in the database",
    ]);
}

#[test]
fn sqlite_drift() {
    let db = TestDb::sqlite();
    let project = migrated(&db);
    assert_clean(&project, &db, &["diff"]);
    // SQLite has no ALTER COLUMN; the documented way to change a declared type in place is to
    // edit the schema table. It keeps no comments, so there is none to change.
    db.execute(
        r#"PRAGMA writable_schema = ON;
           UPDATE sqlite_schema SET sql = replace(sql, '"zone" VARCHAR(10)', '"zone" VARCHAR(30)') WHERE type = 'table' AND name = 'storage_locations';
           PRAGMA writable_schema = OFF;
           DROP INDEX idx_lots_status_expiration;"#,
    );
    assert_reported(
        &project,
        &db,
        &["diff"],
        &[
            "storage_locations: column `zone` is varchar(30) in the database, varchar(10) in the schema",
            "lots: index `idx_lots_status_expiration` is missing",
        ],
    );
}

#[test]
fn mariadb_drift() {
    let Some(db) = TestDb::mysql() else { return };
    let project = migrated(&db);
    assert_clean(&project, &db, &["diff"]);
    db.execute(
        "ALTER TABLE storage_locations MODIFY zone VARCHAR(30) NULL;
         DROP INDEX idx_lots_status_expiration ON lots;
         ALTER TABLE lots COMMENT = 'edited by hand';",
    );
    assert_reported(&project, &db, &["diff"], &[
        "storage_locations: column `zone` is varchar(30) in the database, varchar(10) in the schema",
        "lots: index `idx_lots_status_expiration` is missing",
        "lots: table comment is Some(\"edited by hand\") in the database, Some(\"Inventory lots tracked from receipt to consumption.\") in the schema",
    ]);
}

#[test]
fn diff_checks_the_dialect_against_the_url() {
    let db = TestDb::sqlite();
    let project = migrated(&db);
    project
        .run(Some(&db), &["diff", "--dialect", "postgres"])
        .expect(2)
        .assert_contains("--dialect postgres does not match the database URL, which is sqlite");
}

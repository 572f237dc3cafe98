//! `generate`, `migrate up | down | redo | status`, `seal` and `restamp` on real PostgreSQL,
//! SQLite and MariaDB/MySQL databases, the way an operator uses them: including an applied
//! migration edited by hand, which `migrate up` refuses until it is restamped.

mod common;

use common::{version, Project, TestDb};
use serde_json::Value;

#[test]
fn postgres_migration_lifecycle() {
    let Some(db) = TestDb::postgres() else { return };
    lifecycle(&db);
}

#[test]
fn sqlite_migration_lifecycle() {
    lifecycle(&TestDb::sqlite());
}

#[test]
fn mariadb_migration_lifecycle() {
    let Some(db) = TestDb::mysql() else { return };
    lifecycle(&db);
}

/// `migrate status --format json`: (name, state, checksum) per migration; asserts none is missing.
fn status(project: &Project, db: &TestDb) -> Vec<(String, String, Value)> {
    let json = project
        .run(Some(db), &["migrate", "status", "--format", "json"])
        .expect(0)
        .json();
    assert_eq!(json["missing"], serde_json::json!([]), "{json:#}");
    json["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let applied = m["state"] == "applied";
            assert_eq!(
                m["applied_at"].is_string(),
                applied,
                "applied_at only for applied migrations: {m}"
            );
            (
                m["name"].as_str().unwrap().to_string(),
                m["state"].as_str().unwrap().to_string(),
                m["checksum"].clone(),
            )
        })
        .collect()
}

fn row(name: &str, state: &str, checksum: Option<&str>) -> (String, String, Value) {
    (
        name.to_string(),
        state.to_string(),
        checksum.map_or(Value::Null, Value::from),
    )
}

fn ledger_rows(db: &TestDb, version: &str) -> i64 {
    db.count(&format!(
        "SELECT count(*) AS n FROM __tablewright_ledger WHERE version = '{version}'"
    ))
}

fn lifecycle(db: &TestDb) {
    let dialect = db.dialect.name();
    let project = Project::new("warehouse/v1");
    project.run(None, &["generate", "--dialect", dialect]).expect(0);
    let first = project.migrations().remove(0);
    let v1 = version(&first).to_string();

    // Up: applied, with a recorded checksum.
    project
        .run(Some(db), &["migrate", "up"])
        .expect(0)
        .assert_contains(&format!("applied {first}"));
    assert_eq!(status(&project, db), [row(&first, "applied", Some("ok"))]);
    project
        .run(Some(db), &["migrate", "status"])
        .expect(0)
        .assert_contains("1 applied, 0 pending");

    // An applied draft edited by hand (not rewritten by `generate`, so it has no follow-up): up
    // refuses, naming it and the ways out.
    let up_sql = project.path().join("migrations").join(&first).join("up.sql");
    let mut text = std::fs::read_to_string(&up_sql).unwrap();
    text.push_str("\n-- Reviewed by the DBA.\n");
    std::fs::write(&up_sql, text).unwrap();
    let refused = project.run(Some(db), &["migrate", "up"]).expect(2);
    refused.assert_contains(&format!(
        "migration {first} was applied as a draft and has changed since"
    ));
    refused.assert_contains("tablewright migrate down");
    refused.assert_contains(&format!("tablewright restamp {v1}"));
    assert_eq!(status(&project, db), [row(&first, "applied", Some("edited"))]);

    // Restamped, it is accepted again.
    project
        .run(Some(db), &["restamp", &v1])
        .expect(0)
        .assert_contains("recorded checksum")
        .assert_contains(&first);
    project
        .run(Some(db), &["restamp", &v1])
        .expect(0)
        .assert_contains("nothing to restamp");
    project
        .run(Some(db), &["migrate", "up"])
        .expect(0)
        .assert_contains("nothing to apply: 1 migration(s) already applied");
    assert_eq!(status(&project, db), [row(&first, "applied", Some("ok"))]);

    // A second migration, after sealing the first as a commit would.
    project
        .run(None, &["seal"])
        .expect(0)
        .assert_contains(&format!("sealed migrations/{first}"));
    project.use_schemas("warehouse/v2");
    project
        .run(None, &["generate"])
        .expect(0)
        .assert_contains("add column lots.received_date");
    let second = project.migrations().remove(1);
    let v2 = version(&second).to_string();
    project
        .run(Some(db), &["migrate", "up", "--to", &v1])
        .expect(0)
        .assert_contains("nothing to apply");
    assert_eq!(
        status(&project, db),
        [row(&first, "applied", Some("ok")), row(&second, "pending", None)]
    );
    project
        .run(Some(db), &["migrate", "up", "--to", &v2])
        .expect(0)
        .assert_contains(&format!("applied {second}"));
    assert_eq!(ledger_rows(db, &v2), 1);

    // Down reverts the newest, and forgets its checksum: up applies it again.
    project
        .run(Some(db), &["migrate", "down"])
        .expect(0)
        .assert_contains(&format!("reverted {second}"));
    assert_eq!(
        status(&project, db),
        [row(&first, "applied", Some("ok")), row(&second, "pending", None)]
    );
    assert_eq!(
        ledger_rows(db, &v2),
        0,
        "the ledger row of a reverted migration is removed"
    );
    project
        .run(Some(db), &["migrate", "up"])
        .expect(0)
        .assert_contains(&format!("applied {second}"));

    // Redo: down and up of the newest.
    let redo = project.run(Some(db), &["migrate", "redo"]).expect(0);
    redo.assert_contains(&format!("reverted {second}"))
        .assert_contains(&format!("applied {second}"));
    assert_eq!(
        status(&project, db),
        [row(&first, "applied", Some("ok")), row(&second, "applied", Some("ok"))]
    );

    // Down --to reverts everything after the version; then down once more empties the database.
    project
        .run(Some(db), &["migrate", "down", "--to", &v1])
        .expect(0)
        .assert_contains(&format!("reverted {second}"));
    project
        .run(Some(db), &["migrate", "down", "--to", &v1])
        .expect(0)
        .assert_contains("nothing to revert");
    project
        .run(Some(db), &["migrate", "down"])
        .expect(0)
        .assert_contains(&format!("reverted {first}"));
    assert_eq!(
        status(&project, db),
        [row(&first, "pending", None), row(&second, "pending", None)]
    );
    assert_eq!(db.count("SELECT count(*) AS n FROM __tablewright_ledger"), 0);
    project
        .run(Some(db), &["migrate", "down"])
        .expect(0)
        .assert_contains("nothing to revert: no migration is applied");

    // And all the way up again, with the URL as a flag instead of DATABASE_URL.
    let up = project
        .run(None, &["migrate", "up", "--database-url", &db.url])
        .expect(0);
    up.assert_contains(&format!("applied {first}"))
        .assert_contains(&format!("applied {second}"));
    assert_eq!(
        status(&project, db),
        [row(&first, "applied", Some("ok")), row(&second, "applied", Some("ok"))]
    );
    project.run(Some(db), &["diff"]).expect(0).assert_contains("no drift");
}

#[test]
fn an_applied_migration_missing_from_the_folder_is_listed_and_reverted_with_its_recorded_down() {
    let db = TestDb::sqlite();
    let project = Project::new("warehouse/v1");
    project.run(None, &["generate", "--dialect", "sqlite"]).expect(0);
    let first = project.migrations().remove(0);
    project.run(Some(&db), &["migrate", "up"]).expect(0);
    std::fs::rename(
        project.path().join("migrations").join(&first),
        project.path().join(&first),
    )
    .unwrap();

    let json = project
        .run(Some(&db), &["migrate", "status", "--format", "json"])
        .expect(0)
        .json();
    assert_eq!(json["migrations"], serde_json::json!([]));
    assert_eq!(json["missing"][0]["version"], version(&first));
    assert_eq!(json["missing"][0]["name"], first.as_str());
    project
        .run(Some(&db), &["migrate", "status"])
        .expect(0)
        .assert_contains("the folder no longer has it");
    // Down reverts it with the down SQL it was applied with.
    project
        .run(Some(&db), &["migrate", "down"])
        .expect(0)
        .assert_contains(&format!("reverted {first}"));
    assert_eq!(db.count("SELECT count(*) AS n FROM __diesel_schema_migrations"), 0);
    assert_eq!(
        db.count("SELECT count(*) AS n FROM sqlite_master WHERE name = 'lots'"),
        0
    );

    // Without that down (a ledger from before it was recorded), down refuses.
    let db = TestDb::sqlite();
    let moved = |from: &std::path::Path, to: &std::path::Path| std::fs::rename(from, to).unwrap();
    moved(
        &project.path().join(&first),
        &project.path().join("migrations").join(&first),
    );
    project.run(Some(&db), &["migrate", "up"]).expect(0);
    db.execute("UPDATE __tablewright_ledger SET down_sql = NULL");
    moved(
        &project.path().join("migrations").join(&first),
        &project.path().join(&first),
    );
    project
        .run(Some(&db), &["migrate", "down"])
        .expect(2)
        .assert_contains(&format!("migration {first} is applied but no longer"));
}

#[test]
fn an_unrecorded_migration_is_reported_and_adopted_by_up() {
    let db = TestDb::sqlite();
    let project = Project::new("warehouse/v1");
    project.run(None, &["generate", "--dialect", "sqlite"]).expect(0);
    let first = project.migrations().remove(0);
    project.run(Some(&db), &["migrate", "up"]).expect(0);
    // As if diesel's own CLI had applied it: no ledger row.
    db.execute("DELETE FROM __tablewright_ledger");
    assert_eq!(status(&project, &db), [row(&first, "applied", Some("unrecorded"))]);
    project
        .run(Some(&db), &["migrate", "up"])
        .expect(0)
        .assert_contains(&format!("recorded the checksum of {first}"));
    assert_eq!(status(&project, &db), [row(&first, "applied", Some("ok"))]);
}

#[test]
fn database_urls_are_checked_before_anything_runs() {
    let project = Project::new("warehouse/v1");
    project.run(None, &["generate", "--dialect", "sqlite"]).expect(0);
    project
        .run(None, &["migrate", "status"])
        .expect(2)
        .assert_contains("--database-url <URL>");
    project
        .run(None, &["migrate", "up", "--database-url", "redis://localhost"])
        .expect(2)
        .assert_contains("unsupported database URL scheme `redis://`");
    project
        .run(None, &["migrate", "status", "--database-url", "missing.db"])
        .expect(2)
        .assert_contains("no SQLite database at missing.db");
    assert!(
        !project.path().join("missing.db").exists(),
        "status does not create a database"
    );
    project
        .run(
            None,
            &["restamp", "1", "--database-url", "postgres://nobody@127.0.0.1:1/none"],
        )
        .expect(2);
    let refused = project
        .run(
            None,
            &["migrate", "up", "--database-url", "postgres://nobody@127.0.0.1:1/none"],
        )
        .expect(2);
    refused.assert_contains("cannot connect to the database");
    project
        .run(
            None,
            &["migrate", "up", "--to", "1", "--create", "--database-url", "app.db"],
        )
        .expect(2)
        .assert_contains("no migration with version 1");
}

#[test]
fn up_creates_a_sqlite_database_only_when_asked() {
    let project = Project::new("warehouse/v1");
    project.run(None, &["generate", "--dialect", "sqlite"]).expect(0);
    let first = project.migrations().remove(0);
    let file = |name: &str| project.path().join(name);

    // A mistyped path is not a new, empty database.
    let refused = project
        .run(None, &["migrate", "up", "--database-url", "app.db"])
        .expect(2);
    refused.assert_contains("no SQLite database at app.db; to create it, run `tablewright migrate up --create`");
    assert!(!file("app.db").exists());
    project
        .run(None, &["migrate", "up", "--database-url", "sqlite://app.db"])
        .expect(2)
        .assert_contains("no SQLite database at app.db");
    assert!(!file("app.db").exists());

    project
        .run(None, &["migrate", "up", "--create", "--database-url", "app.db"])
        .expect(0)
        .assert_contains(&format!("applied {first}"));
    assert!(file("app.db").is_file());
    project
        .run(None, &["migrate", "up", "--database-url", "app.db"])
        .expect(0)
        .assert_contains("nothing to apply");

    // A `file:` URI that asks SQLite to create the file (mode=rwc) is asking.
    project
        .run(None, &["migrate", "up", "--database-url", "file:other.db?mode=rwc"])
        .expect(0)
        .assert_contains(&format!("applied {first}"));
    assert!(file("other.db").is_file());
}

#[test]
fn sqlite_url_parameters_are_honoured_never_a_file_name() {
    let project = Project::new("warehouse/v1");
    project.run(None, &["generate", "--dialect", "sqlite"]).expect(0);
    let first = project.migrations().remove(0);
    let files = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(project.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".db"))
            .collect();
        names.sort();
        names
    };
    project
        .run(
            None,
            &[
                "migrate",
                "up",
                "--create",
                "--database-url",
                "sqlite://app.db?cache=shared",
            ],
        )
        .expect(0)
        .assert_contains(&format!("applied {first}"));
    assert_eq!(files(), ["app.db"], "the parameters are not part of the file name");

    // Read-only: status reads it; writing through it fails, and says why.
    project
        .run(
            None,
            &["migrate", "status", "--database-url", "sqlite://app.db?mode=ro"],
        )
        .expect(0)
        .assert_contains("1 applied, 0 pending");
    project
        .run(None, &["migrate", "down", "--database-url", "file:app.db?mode=ro"])
        .expect(2)
        .assert_contains("readonly");
    project
        .run(None, &["migrate", "status", "--database-url", "sqlite://app.db"])
        .expect(0)
        .assert_contains("1 applied, 0 pending");

    // A plain path with `?` would be a file name: refused, with the URI to write instead.
    project
        .run(None, &["migrate", "up", "--create", "--database-url", "app.db?mode=ro"])
        .expect(2)
        .assert_contains("`file:app.db?mode=ro`");
    project
        .run(
            None,
            &["migrate", "status", "--database-url", "sqlite://missing.db?mode=ro"],
        )
        .expect(2)
        .assert_contains("no SQLite database at missing.db");
    assert_eq!(files(), ["app.db"]);
}

/// `migrate up` warns about applying a draft, which the next `generate` rewrites. A draft is a
/// folder git does not track: a committed one still says `draft = true` but is sealed.
#[test]
fn up_notes_drafts_by_git_state() {
    let db = TestDb::sqlite();
    let project = Project::new("warehouse/v1");
    project.run(None, &["generate", "--dialect", "sqlite"]).expect(0);
    let first = project.migrations().remove(0);
    let note = format!("note: {first} is a draft");
    project
        .run(Some(&db), &["migrate", "up"])
        .expect(0)
        .assert_contains(&note);
    project.run(Some(&db), &["migrate", "down"]).expect(0);

    project.git(&["init", "-q"]);
    project.git(&["add", "migrations"]);
    project.git(&["commit", "-qm", "first migration"]);
    let metadata =
        std::fs::read_to_string(project.path().join("migrations").join(&first).join("metadata.toml")).unwrap();
    assert!(
        metadata.contains("draft = true"),
        "committed, the flag stays: {metadata}"
    );
    let up = project.run(Some(&db), &["migrate", "up"]).expect(0);
    up.assert_contains(&format!("applied {first}"));
    assert!(
        !up.text().contains("is a draft"),
        "a committed migration is sealed:\n{}",
        up.text()
    );
}

/// `migrate up` brings a database along with a draft `generate` rewrote, as a debug build of the
/// app does, and says what it did: a followed change, or a rebuild that lost the draft's rows.
#[test]
fn up_says_how_it_followed_a_rewritten_draft() {
    let db = TestDb::sqlite();
    let project = Project::new("warehouse/v1");
    project.run(None, &["generate", "--dialect", "sqlite"]).expect(0);
    project.run(Some(&db), &["migrate", "up"]).expect(0);
    let locations = project.path().join("schemas/storage_locations.yaml");
    let add = |column: &str| {
        let text = std::fs::read_to_string(&locations).unwrap();
        std::fs::write(
            &locations,
            format!("{text}\n").replace("\nindexes:", &format!("\n  {column}\nindexes:")),
        )
        .unwrap();
        project.run(None, &["generate"]).expect(0);
    };

    add("aisle_note: { type: text, nullable: true }");
    let up = project.run(Some(&db), &["migrate", "up"]).expect(0);
    up.assert_contains("followed the edited draft: add column storage_locations.aisle_note");
    assert!(!up.text().contains("rebuilt"), "{}", up.text());

    // NOT NULL without a default: the rows cannot follow, so the draft is rebuilt.
    add("site: varchar(10)");
    let up = project.run(Some(&db), &["migrate", "up"]).expect(0);
    let draft = project.migrations().into_iter().find(|m| !m.starts_with('.')).unwrap();
    up.assert_contains(&format!("rebuilt the draft {draft}: the rows it held are gone"));
}

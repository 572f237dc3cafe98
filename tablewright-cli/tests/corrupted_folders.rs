//! A corrupted migrations folder is never half-applied: `migrate up` refuses the whole set before
//! touching the database (exit 2), naming the file and what is wrong with it.

mod common;

use std::path::Path;

use common::{Project, TestDb};

const GOOD: &str = "CREATE TABLE before_it (id INTEGER PRIMARY KEY);";
const LATER: &str = "CREATE TABLE after_it (id INTEGER PRIMARY KEY);";

/// A project whose migrations are a good one, the damaged one `damage` makes, and a later one.
fn project_with(damage: impl FnOnce(&Path)) -> Project {
    let project = Project::new("warehouse/v1");
    let migrations = project.path().join("migrations");
    for (name, up) in [("20260101000000_before", GOOD), ("20260301000000_after", LATER)] {
        std::fs::create_dir_all(migrations.join(name)).unwrap();
        std::fs::write(migrations.join(name).join("up.sql"), up).unwrap();
        std::fs::write(migrations.join(name).join("down.sql"), "SELECT 1;").unwrap();
    }
    damage(&migrations);
    project
}

fn folder(migrations: &Path, name: &str) -> std::path::PathBuf {
    let path = migrations.join(name);
    std::fs::create_dir_all(&path).unwrap();
    path
}

/// `migrate up` fails naming `expected`, and nothing was applied.
fn refused(damage: impl FnOnce(&Path), expected: &[&str]) {
    let project = project_with(damage);
    let db = TestDb::sqlite();
    let run = project.run(Some(&db), &["migrate", "up"]).expect(2);
    run.assert_contains("nothing was run");
    for text in expected {
        run.assert_contains(text);
    }
    let tables = db.count("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('before_it', 'after_it')");
    assert_eq!(tables, 0, "nothing applied:\n{}", run.text());
    project.run(Some(&db), &["migrate", "status"]).expect(2);
}

#[test]
fn an_up_sql_that_is_not_utf8() {
    refused(
        |m| {
            std::fs::write(
                folder(m, "20260201000000_latin1").join("up.sql"),
                b"-- caf\xe9\nSELECT 1;",
            )
            .unwrap()
        },
        &["20260201000000_latin1/up.sql:1: it is not UTF-8 (byte 0xe9 here); save it as UTF-8"],
    );
}

#[test]
fn a_folder_without_up_sql() {
    refused(
        |m| std::fs::write(folder(m, "20260201000000_no_up").join("down.sql"), "SELECT 1;").unwrap(),
        &["20260201000000_no_up/up.sql: missing"],
    );
}

#[test]
fn an_up_sql_that_is_a_broken_link() {
    refused(
        |m| std::os::unix::fs::symlink("/nonexistent/up.sql", folder(m, "20260201000000_link").join("up.sql")).unwrap(),
        &["20260201000000_link/up.sql: it is a link to a file that does not exist"],
    );
}

#[test]
fn an_up_sql_that_is_a_folder() {
    refused(
        |m| std::fs::create_dir_all(folder(m, "20260201000000_dir").join("up.sql").join("x")).unwrap(),
        &["20260201000000_dir/up.sql: it is a folder, not a file"],
    );
}

#[test]
fn a_metadata_file_diesel_cannot_read() {
    refused(
        |m| {
            let path = folder(m, "20260201000000_meta");
            std::fs::write(path.join("up.sql"), "SELECT 1;").unwrap();
            std::fs::write(path.join("metadata.toml"), "# note\nrun_in_transaction = \"yes\"\n").unwrap();
        },
        &["20260201000000_meta/metadata.toml:2:", "run_in_transaction = true"],
    );
}

#[test]
fn two_folders_with_one_version() {
    refused(
        |m| std::fs::write(folder(m, "20260101000000_again").join("up.sql"), "SELECT 1;").unwrap(),
        &["has the version 20260101000000 of 20260101000000_again too"],
    );
}

#[test]
fn names_without_a_proper_version() {
    refused(
        |m| std::fs::write(folder(m, "add_things").join("up.sql"), "SELECT 1;").unwrap(),
        &["`add_things` does not start with a version"],
    );
    refused(
        |m| {
            std::fs::write(
                folder(m, &format!("{}_long", "1".repeat(40))).join("up.sql"),
                "SELECT 1;",
            )
            .unwrap()
        },
        &["has 40 digits"],
    );
    refused(
        |m| std::fs::write(folder(m, "20260201000000_new\nline").join("up.sql"), "SELECT 1;").unwrap(),
        &["control character"],
    );
    refused(
        |m| std::fs::write(folder(m, "2026020100_short").join("up.sql"), "SELECT 1;").unwrap(),
        &["must all have the same number of digits"],
    );
}

#[test]
fn a_broken_link_where_a_folder_was() {
    refused(
        |m| std::os::unix::fs::symlink("/nonexistent/folder", m.join("20260201000000_gone")).unwrap(),
        &["20260201000000_gone: is a link to a folder that does not exist"],
    );
}

/// Files and empty folders beside the migrations are not migrations (diesel agrees).
#[test]
fn files_and_empty_folders_are_not_migrations() {
    let project = project_with(|m| {
        std::fs::write(m.join("README.md"), "# migrations").unwrap();
        std::fs::create_dir_all(m.join("20260201000000_emptied")).unwrap();
    });
    let db = TestDb::sqlite();
    project
        .run(Some(&db), &["migrate", "up"])
        .expect(0)
        .assert_contains("2 applied");
}

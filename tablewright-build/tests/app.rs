//! A real application crate, built by a real `cargo` and run against a real SQLite file: its
//! settings are only a `tablewright.toml`, its build script one call, and it joins derived and
//! YAML tables with no `joinable!` or `allow_tables_to_appear_in_same_query!` written by hand.
//! Then a column is dropped, and the struct deriving `Queryable`/`Selectable` still compiles and
//! reads the values the drop kept.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().unwrap()
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const TASK: &str = r#"use diesel::prelude::*;
use tablewright::Table;

/// Derived, joined to another derived table.
#[derive(Table, Queryable, Selectable, Debug)]
#[diesel(table_name = tasks)]
pub struct Task {
    #[column(primary_key, sql_type = "serial")]
    pub id: i32,
    #[column(references = "projects.id", on_delete = "cascade", index)]
    pub project_id: i32,
    pub title: String,
    #[column(NOTE)]
    pub note: Option<String>,
}
"#;

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let root = dir.path();
    let path = |krate: &str| format!("{:?}", workspace().join(krate).display().to_string());
    write(
        root,
        "Cargo.toml",
        &format!(
            "[package]\nname = \"tw-app-fixture\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\ntablewright = {{ path = {}, features = [\"sqlite\"] }}\n\
             diesel = {{ version = \"2.3\", default-features = false, features = [\"sqlite\", \"32-column-tables\", \"with-deprecated\"] }}\n\
             libsqlite3-sys = {{ version = \">=0.30\", features = [\"bundled\"] }}\n\n\
             [build-dependencies]\ntablewright-build = {{ path = {}, features = [\"yaml\"] }}\n\n[workspace]\n",
            path("tablewright"),
            path("tablewright-build")
        ),
    );
    write(
        root,
        "tablewright.toml",
        "schemas = [\"schemas\"]\nscan = [\"src/models\"]\ndialect = \"sqlite\"\n",
    );
    write(root, "build.rs", "fn main() {\n    tablewright_build::generate();\n}\n");
    write(
        root,
        "schemas/owners.yaml",
        "table: owners\ncolumns:\n  id: { type: serial, primary_key: true }\n  name: text\n",
    );
    write(
        root,
        "src/schema.rs",
        "include!(concat!(env!(\"OUT_DIR\"), \"/tablewright_schema.rs\"));\n",
    );
    write(
        root,
        "src/models/mod.rs",
        "mod project;\nmod task;\n\npub use project::projects;\npub use task::{tasks, Task};\n",
    );
    write(
        root,
        "src/models/project.rs",
        r#"use tablewright::Table;

/// Derived, joined to a YAML table.
#[derive(Table)]
pub struct Project {
    #[column(primary_key, sql_type = "serial")]
    pub id: i32,
    #[column(references = "owners.id", on_delete = "restrict", index)]
    pub owner_id: i32,
    pub name: String,
}
"#,
    );
    write(root, "src/models/task.rs", &TASK.replace("#[column(NOTE)]\n", ""));
    write(
        root,
        "src/main.rs",
        r#"mod models;
mod schema;

use diesel::prelude::*;
use models::{projects, tasks, Task};
use schema::owners;

const MIGRATIONS: tablewright::Migrations = tablewright::embed_migrations!();

fn main() {
    let mut args = std::env::args().skip(1);
    let (path, step) = (args.next().unwrap(), args.next().unwrap());
    let mut conn = SqliteConnection::establish(&path).unwrap();
    let report = tablewright::Migrator::new(&MIGRATIONS).run_on(&mut conn).unwrap();
    println!("applied {}", report.applied.len());
    if step == "first" {
        diesel::insert_into(owners::table).values(owners::name.eq("ada")).execute(&mut conn).unwrap();
        let owner: i32 = owners::table.select(owners::id).first(&mut conn).unwrap();
        diesel::insert_into(projects::table)
            .values((projects::owner_id.eq(owner), projects::name.eq("launch")))
            .execute(&mut conn)
            .unwrap();
        let project: i32 = projects::table.select(projects::id).first(&mut conn).unwrap();
        diesel::insert_into(tasks::table)
            .values((tasks::project_id.eq(project), tasks::title.eq("ship"), tasks::note.eq("kept")))
            .execute(&mut conn)
            .unwrap();
    }
    // derived -> derived -> YAML, in one query
    let rows: Vec<(Task, String, String)> = tasks::table
        .inner_join(projects::table.inner_join(owners::table))
        .select((Task::as_select(), projects::name, owners::name))
        .load(&mut conn)
        .unwrap();
    for (task, project, owner) in rows {
        println!("task {} {:?} note={:?} in {project} of {owner}", task.id, task.title, task.note);
    }
    // YAML -> derived
    let owned: i64 = owners::table.inner_join(projects::table).count().get_result(&mut conn).unwrap();
    println!("projects with an owner: {owned}");
}
"#,
    );
    // Another crate of the package (an integration test) declaring a table named like one of the
    // app's: the map's paths are not its, and its derive gives `table!` alone.
    write(
        root,
        "tests/declared_again.rs",
        r#"use diesel::prelude::*;
use tablewright::Table;

#[derive(Table, Queryable, Selectable, Insertable, Debug, PartialEq)]
#[diesel(table_name = tasks)]
#[table(name = "tasks")]
pub struct Task {
    #[column(primary_key)]
    pub id: i32,
    pub title: String,
}

#[test]
fn a_table_of_the_same_name_in_a_test_crate() {
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    diesel::sql_query("CREATE TABLE tasks (id INTEGER PRIMARY KEY, title TEXT NOT NULL)").execute(&mut conn).unwrap();
    let task = Task { id: 7, title: "test".into() };
    diesel::insert_into(tasks::table).values(&task).execute(&mut conn).unwrap();
    assert_eq!(tasks::table.select(Task::as_select()).load(&mut conn).unwrap(), [task]);
}
"#,
    );
    // The workspace's lockfile pins the same versions, so nothing new is downloaded.
    std::fs::copy(workspace().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    dir
}

/// `cargo run -- DATABASE STEP` in the fixture; its stdout.
fn run(dir: &Path, database: &Path, step: &str) -> String {
    cargo(dir, &["run", "-q", "--", &database.display().to_string(), step])
}

/// `cargo ARGS` in the fixture, which must succeed; its stdout.
fn cargo(dir: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace().join("target").join("app-fixture"))
        // As a developer builds: the build script writes migrations.
        .env_remove("CI")
        .env_remove("TABLEWRIGHT_CHECK")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "cargo {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn migrations(dir: &Path) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir.join("migrations"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    folders
}

#[test]
fn joins_without_hand_written_relations_and_reads_through_a_dropped_column() {
    let dir = fixture();
    let database = dir.path().join("app.db");

    let first = run(dir.path(), &database, "first");
    assert!(first.contains("applied 1"), "{first}");
    assert!(
        first.contains("task 1 \"ship\" note=Some(\"kept\") in launch of ada"),
        "derived and YAML tables joined: {first}"
    );
    assert!(first.contains("projects with an owner: 1"), "{first}");
    let tests = cargo(dir.path(), &["test", "-q", "--test", "declared_again"]);
    assert!(tests.contains("1 passed"), "{tests}");

    // Seal the first migration (as `tablewright seal` does), then drop the column.
    let [folder] = &migrations(dir.path())[..] else {
        panic!("{:?}", migrations(dir.path()))
    };
    let metadata = std::fs::read_to_string(folder.join("metadata.toml")).unwrap();
    std::fs::write(
        folder.join("metadata.toml"),
        metadata.replace("draft = true", "draft = false"),
    )
    .unwrap();
    write(dir.path(), "src/models/task.rs", &TASK.replace("NOTE", "dropped"));

    let second = run(dir.path(), &database, "second");
    let folders = migrations(dir.path());
    assert_eq!(folders.len(), 2, "{folders:?}");
    let up = std::fs::read_to_string(folders[1].join("up.sql")).unwrap();
    assert!(up.contains("RENAME COLUMN \"note\" TO \"note__dropped\""), "{up}");
    assert!(second.contains("applied 1"), "{second}");
    assert!(
        second.contains("task 1 \"ship\" note=Some(\"kept\") in launch of ada"),
        "the struct still compiles and reads the kept values: {second}"
    );
}

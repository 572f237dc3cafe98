//! The first hour, with real processes: the README's application, outside the workspace, edited
//! ten times (add a field, rename it, make one NOT NULL with a default, index it, remove one, add
//! a table and a reference to it, widen a column, remove the table again), each time built with
//! `cargo build` and started against the same development database, on a SQLite file and on
//! PostgreSQL. No manual step between: the draft absorbs every edit and the database follows it.
//!
//! Every start inserts a task and prints every task, reading each column of the struct: a start
//! that did not bring the database along fails, and a lost row shows as a missing line.

use tablewright_db_tests::{OutsideApp, ServerDatabase};

/// One edit of `src/models/mod.rs`, as (what it does, text to find, its replacement).
type Edit = (&'static str, &'static str, &'static str);

const UPDATED_AT: &str = "    pub updated_at: chrono::NaiveDateTime,\n";

const EDITS: &[Edit] = &[
    (
        "add a field",
        UPDATED_AT,
        "    pub updated_at: chrono::NaiveDateTime,\n    pub notes: Option<String>,\n",
    ),
    ("rename it", "    pub notes: Option<String>,\n", "    pub details: Option<String>,\n"),
    (
        "add a nullable number",
        "    pub details: Option<String>,\n",
        "    pub details: Option<String>,\n    pub priority: Option<i32>,\n",
    ),
    (
        "make it NOT NULL with a default",
        "    pub priority: Option<i32>,\n",
        "    #[column(default = 3)]\n    pub priority: i32,\n",
    ),
    ("index it", "    #[column(default = 3)]\n", "    #[column(default = 3, index)]\n"),
    ("remove a field", "    pub details: Option<String>,\n", ""),
    (
        "add a table",
        "#[derive(Table, Queryable, Selectable, Debug)]\n#[table(name = \"tasks\"",
        "#[derive(Table)]\n#[table(name = \"labels\")]\npub struct Label {\n    #[column(primary_key, sql_type = \"serial\")]\n    pub id: i32,\n    #[column(max_length = 50)]\n    pub name: String,\n}\n\n#[derive(Table, Queryable, Selectable, Debug)]\n#[table(name = \"tasks\"",
    ),
    (
        "reference it",
        "    pub priority: i32,\n",
        "    pub priority: i32,\n    #[column(references = \"labels.id\", on_delete = \"set_null\", index)]\n    pub label_id: Option<i32>,\n",
    ),
    (
        "widen a column",
        "    #[column(max_length = 200)]\n    pub title: String,\n",
        "    #[column(max_length = 300)]\n    pub title: String,\n",
    ),
    (
        "remove the reference",
        "    #[column(references = \"labels.id\", on_delete = \"set_null\", index)]\n    pub label_id: Option<i32>,\n",
        "",
    ),
];

/// Builds and starts the app once per edit, asserting every start keeps every task.
fn ten_edits(app: &OutsideApp, database_url: &str) {
    let env = [("DATABASE_URL", database_url)];
    app.build().ok();
    let first = app.run(&[], &env).ok();
    first.assert_stdout_contains("1 migration(s) applied");
    for (round, (what, find, replace)) in EDITS.iter().enumerate() {
        let model = app.read("src/models/mod.rs");
        assert!(
            model.contains(find),
            "{what}: the model no longer has {find:?}:\n{model}"
        );
        app.write("src/models/mod.rs", &model.replacen(find, replace, 1));
        let build = app.build().ok();
        assert!(
            !build.stderr.contains("cannot follow"),
            "{what}: every edit here can be followed:\n{build}"
        );
        assert_eq!(app.migrations().len(), 1, "{what}: one draft absorbs every edit");
        let start = app.run(&[], &env).ok();
        start.assert_stdout_contains("0 migration(s) applied");
        start.assert_stdout_contains("followed the edited draft: ");
        assert!(
            !start.stdout.contains("rebuilt the draft"),
            "{what}: nothing rebuilt:\n{start}"
        );
        let tasks = start.stdout.matches("write the README (launch)").count();
        assert_eq!(
            tasks,
            round + 2,
            "{what}: every task written so far is still there:\n{start}"
        );
    }
}

#[test]
fn ten_edits_on_one_sqlite_file() {
    let app = OutsideApp::from_readme("edit-loop-sqlite");
    ten_edits(&app, "app.db");
}

#[test]
fn ten_edits_on_one_postgres_database() {
    let Some(db) = ServerDatabase::postgres() else { return };
    let app = OutsideApp::from_readme("edit-loop-postgres");
    // The README's switch to PostgreSQL: the features, the dialect and the connection type.
    app.edit("Cargo.toml", |text| {
        text.replace("features = [\"sqlite\"] }", "features = [\"postgres\"] }")
            .replace(
                "features = [\"sqlite\", \"chrono\", \"returning_clauses_for_sqlite_3_35\"]",
                "features = [\"postgres\", \"chrono\"]",
            )
            .lines()
            .filter(|l| !l.starts_with("libsqlite3-sys"))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    app.edit("tablewright.toml", |text| {
        text.replace("dialect = \"sqlite\"", "dialect = \"postgres\"")
    });
    app.edit("src/main.rs", |text| {
        text.replace("diesel::SqliteConnection", "diesel::PgConnection")
    });
    ten_edits(&app, &db.url);
}

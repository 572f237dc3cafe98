//! Edit, build, run, as often as you like: one development database applies the draft migration,
//! the schema changes, `generate` rewrites the draft, and the next start follows it, on
//! PostgreSQL, SQLite and MariaDB/MySQL. Every row written along the way is still there, except
//! what an edit itself removes, and after each start the database equals the schema.

use std::path::PathBuf;
use std::time::{Duration, UNIX_EPOCH};

use diesel::query_dsl::RunQueryDsl;
use diesel::sql_types::BigInt;
use diesel::{Connection, MysqlConnection, PgConnection, QueryableByName, SqliteConnection};
use tablewright::introspect::drift_of;
use tablewright::{Database, MigrateError, Migrations, Migrator, Refusal, Report};
use tablewright_core::dialect::Dialect;
use tablewright_core::migrations::drafts::DRAFTS_DIR;
use tablewright_core::migrations::MigrationSet;
use tablewright_core::project::{Mode, Project};
use tablewright_db_tests::{load_schema, ServerDatabase, SqliteDatabase};

/// The schema edits of a first hour, each a whole `schemas/app.yaml`, and the row each start
/// writes afterwards.
const EDITS: &[(&str, &str, &str)] = &[
    (
        "create tasks",
        "table: tasks
columns:
  id: { type: serial, primary_key: true }
  title: { type: varchar(200) }
",
        "INSERT INTO tasks (title) VALUES ('first')",
    ),
    (
        "add a column",
        "table: tasks
columns:
  id: { type: serial, primary_key: true }
  title: { type: varchar(200) }
  notes: { type: text, nullable: true }
",
        "INSERT INTO tasks (title, notes) VALUES ('second', 'n')",
    ),
    (
        "rename it (no renamed_from: the draft owns it)",
        "table: tasks
columns:
  id: { type: serial, primary_key: true }
  title: { type: varchar(200) }
  details: { type: text, nullable: true }
",
        "INSERT INTO tasks (title, details) VALUES ('third', 'd')",
    ),
    (
        "add a nullable column",
        "table: tasks
columns:
  id: { type: serial, primary_key: true }
  title: { type: varchar(200) }
  details: { type: text, nullable: true }
  priority: { type: integer, nullable: true }
",
        "INSERT INTO tasks (title) VALUES ('fourth')",
    ),
    (
        "make it NOT NULL with a default",
        "table: tasks
columns:
  id: { type: serial, primary_key: true }
  title: { type: varchar(200) }
  details: { type: text, nullable: true }
  priority: { type: integer, default: 3 }
",
        "INSERT INTO tasks (title) VALUES ('fifth')",
    ),
    (
        "index it",
        "table: tasks
columns:
  id: { type: serial, primary_key: true }
  title: { type: varchar(200) }
  details: { type: text, nullable: true }
  priority: { type: integer, default: 3, index: true }
",
        "INSERT INTO tasks (title, priority) VALUES ('sixth', 1)",
    ),
    (
        "drop a column",
        "table: tasks
columns:
  id: { type: serial, primary_key: true }
  title: { type: varchar(200) }
  priority: { type: integer, default: 3, index: true }
",
        "INSERT INTO tasks (title) VALUES ('seventh')",
    ),
    (
        "add a table and a reference to it",
        "table: projects
columns:
  id: { type: serial, primary_key: true }
  name: { type: varchar(100) }
---
table: tasks
columns:
  id: { type: serial, primary_key: true }
  title: { type: varchar(200) }
  priority: { type: integer, default: 3, index: true }
  project_id: { type: integer, nullable: true, references: projects.id, on_delete: set_null, index: true }
",
        "INSERT INTO projects (name) VALUES ('p'); INSERT INTO tasks (title, project_id) VALUES ('eighth', 1)",
    ),
    (
        "a column default changes",
        "table: projects
columns:
  id: { type: serial, primary_key: true }
  name: { type: varchar(100), default: unnamed }
---
table: tasks
columns:
  id: { type: serial, primary_key: true }
  title: { type: varchar(200) }
  priority: { type: integer, default: 3, index: true }
  project_id: { type: integer, nullable: true, references: projects.id, on_delete: set_null, index: true }
",
        "INSERT INTO tasks (title) VALUES ('ninth')",
    ),
    (
        "remove the table again",
        "table: tasks
columns:
  id: { type: serial, primary_key: true }
  title: { type: varchar(200) }
  priority: { type: integer, default: 3, index: true }
",
        "INSERT INTO tasks (title) VALUES ('tenth')",
    ),
];

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

struct App {
    _dir: tempfile::TempDir,
    schemas: PathBuf,
    migrations: PathBuf,
    dialect: Dialect,
    clock: u64,
}

impl App {
    fn new(dialect: Dialect) -> App {
        let dir = tablewright_db_tests::tempdir();
        let schemas = dir.path().join("schemas");
        std::fs::create_dir_all(&schemas).unwrap();
        App {
            migrations: dir.path().join("migrations"),
            schemas,
            _dir: dir,
            dialect,
            clock: 0,
        }
    }

    /// Writes the schema and runs what `cargo build` runs.
    fn edit_and_build(&mut self, yaml: &str) -> Vec<String> {
        std::fs::write(self.schemas.join("app.yaml"), yaml).unwrap();
        let project = Project {
            schema_dirs: vec![self.schemas.clone()],
            source_dirs: vec![],
            migrations_dir: self.migrations.clone(),
            dialect: self.dialect,
        };
        let schema = project.load().unwrap_or_else(|d| panic!("{d}")).schema;
        self.clock += 60;
        let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000 + self.clock);
        let (_, notes) = project
            .sync_with_notes(&schema, Mode::Write, now)
            .unwrap_or_else(|e| panic!("{e}"));
        notes
    }

    fn schema(&self) -> tablewright_core::Schema {
        load_schema(std::slice::from_ref(&self.schemas), self.dialect)
    }

    fn drafts(&self) -> usize {
        let set = MigrationSet::read(&self.migrations).unwrap();
        set.drafts().len()
    }
}

/// Starts the app: what `Migrator::run` does with the migrations as a debug build embeds them.
fn start<C: Database>(app: &App, url: &str) -> Result<Report, MigrateError> {
    let migrations = Migrations::from_dir(&app.migrations).unwrap();
    Migrator::new(&migrations).run::<C>(url)
}

fn count<C: Connection>(conn: &mut C, sql: &str) -> i64
where
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n
}

fn assert_like_schema<C: Database>(app: &App, conn: &mut C, when: &str) {
    let differences = drift_of(conn, &app.schema()).unwrap();
    assert!(
        differences.is_empty(),
        "{}, {when}: the database differs from the schema:\n{}",
        app.dialect,
        differences
            .iter()
            .map(|d| format!("  {d}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Ten edits, each built and started on the same database, no manual step between.
fn ten_edits<C: Database>(dialect: Dialect, url: &str)
where
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    let mut app = App::new(dialect);
    for (i, (edit, yaml, insert)) in EDITS.iter().enumerate() {
        let notes = app.edit_and_build(yaml);
        assert!(
            notes.is_empty(),
            "{dialect}, {edit}: every edit can be followed: {notes:?}"
        );
        assert_eq!(app.drafts(), 1, "{dialect}, {edit}: one draft absorbs every edit");
        let report = start::<C>(&app, url).unwrap_or_else(|e| panic!("{dialect}, {edit}: {e}"));
        assert!(report.rebuilt.is_empty(), "{dialect}, {edit}: nothing rebuilt");
        if i > 0 {
            assert!(
                !report.followed.is_empty(),
                "{dialect}, {edit}: the draft was followed: {report:?}"
            );
        }
        let mut conn = C::establish(url).unwrap();
        assert_like_schema(&app, &mut conn, edit);
        conn.batch_execute(insert)
            .unwrap_or_else(|e| panic!("{dialect}, {edit}: {e}"));
        assert_eq!(
            count(&mut conn, "SELECT count(*) AS n FROM tasks"),
            i as i64 + 1,
            "{dialect}, {edit}: every task written so far is still there"
        );
        // A second start finds nothing to do.
        let again = start::<C>(&app, url).unwrap();
        assert!(
            again.applied.is_empty() && again.followed.is_empty(),
            "{dialect}, {edit}: {again:?}"
        );
    }
    let mut conn = C::establish(url).unwrap();
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM tasks WHERE priority = 3"),
        9,
        "{dialect}: the NOT NULL edit filled the default into earlier rows (all but the sixth)"
    );
    let history = app.migrations.join(DRAFTS_DIR);
    assert!(
        history.join(".gitignore").is_file(),
        "the draft history tells git to ignore it"
    );
}

/// A change the rows cannot follow (a new NOT NULL column without a default): the build says
/// so, and the start reverts the applied draft with the down it recorded and applies the new one.
fn rebuilt_when_it_cannot_follow<C: Database>(dialect: Dialect, url: &str) {
    let mut app = App::new(dialect);
    app.edit_and_build(EDITS[0].1);
    start::<C>(&app, url).unwrap();
    C::establish(url).unwrap().batch_execute(EDITS[0].2).unwrap();
    let notes = app.edit_and_build(&format!("{}  rank: {{ type: integer }}\n", EDITS[0].1));
    assert!(
        notes.len() == 1 && notes[0].contains("NOT NULL without a default"),
        "{dialect}: the build warns: {notes:?}"
    );
    let report = start::<C>(&app, url).unwrap_or_else(|e| panic!("{dialect}: {e}"));
    assert_eq!(report.rebuilt.len(), 1, "{dialect}: {report:?}");
    assert_eq!(report.applied.len(), 1, "{dialect}: {report:?}");
    assert_like_schema(&app, &mut C::establish(url).unwrap(), "after the rebuild");
}

/// A build that does not follow drafts (release builds carry none) refuses, saying how to go on.
fn refused_without_following<C: Database>(dialect: Dialect, url: &str) {
    let mut app = App::new(dialect);
    app.edit_and_build(EDITS[0].1);
    start::<C>(&app, url).unwrap();
    app.edit_and_build(EDITS[1].1);
    let migrations = Migrations::from_dir(&app.migrations).unwrap();
    let error = Migrator::new(&migrations)
        .follow_drafts(false)
        .run::<C>(url)
        .unwrap_err();
    match &error {
        MigrateError::Refused(refusals) => assert!(
            matches!(refusals[..], [Refusal::DraftRewritten { .. }]),
            "{dialect}: {refusals:?}"
        ),
        other => panic!("{dialect}: {other}"),
    }
    let message = error.to_string();
    assert!(message.contains("tablewright migrate down"), "{message}");
    // The way out works: revert with the recorded down, then start again.
    let reverted = tablewright::revert::<C>(url, &migrations, None, Duration::from_secs(10)).unwrap();
    assert_eq!(reverted.len(), 1, "{dialect}");
    Migrator::new(&migrations).follow_drafts(false).run::<C>(url).unwrap();
    assert_like_schema(&app, &mut C::establish(url).unwrap(), "after revert and start");
}

/// A draft changed by hand has no follow-up: even a development build refuses, and loses nothing.
fn a_draft_edited_by_hand_is_refused<C: Database>(dialect: Dialect, url: &str)
where
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    let mut app = App::new(dialect);
    app.edit_and_build(EDITS[0].1);
    start::<C>(&app, url).unwrap();
    C::establish(url).unwrap().batch_execute(EDITS[0].2).unwrap();
    let set = MigrationSet::read(&app.migrations).unwrap();
    let up = set.folders[0].path.join("up.sql");
    let edited = std::fs::read_to_string(&up).unwrap() + "\n-- edited by hand\n";
    std::fs::write(&up, edited).unwrap();
    match start::<C>(&app, url) {
        Err(MigrateError::Refused(refusals)) => assert!(
            matches!(refusals[..], [Refusal::DraftRewritten { .. }]),
            "{dialect}: {refusals:?}"
        ),
        other => panic!("{dialect}: {other:?}"),
    }
    let mut conn = C::establish(url).unwrap();
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM tasks"),
        1,
        "{dialect}: nothing lost"
    );
}

fn all<C: Database>(dialect: Dialect, url: impl Fn() -> (String, Box<dyn std::any::Any>))
where
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    let (db, _keep) = url();
    ten_edits::<C>(dialect, &db);
    let (db, _keep) = url();
    rebuilt_when_it_cannot_follow::<C>(dialect, &db);
    let (db, _keep) = url();
    refused_without_following::<C>(dialect, &db);
    let (db, _keep) = url();
    a_draft_edited_by_hand_is_refused::<C>(dialect, &db);
}

#[test]
fn sqlite() {
    all::<SqliteConnection>(Dialect::Sqlite, || {
        let db = SqliteDatabase::new();
        (db.path.to_str().unwrap().to_string(), Box::new(db))
    });
}

#[test]
fn postgres() {
    if ServerDatabase::postgres().is_none() {
        return;
    }
    all::<PgConnection>(Dialect::Postgres, || {
        let db = ServerDatabase::postgres().unwrap();
        (db.url.clone(), Box::new(db))
    });
}

#[test]
fn mysql() {
    if ServerDatabase::mysql().is_none() {
        return;
    }
    all::<MysqlConnection>(Dialect::Mysql, || {
        let db = ServerDatabase::mysql().unwrap();
        (db.url.clone(), Box::new(db))
    });
}

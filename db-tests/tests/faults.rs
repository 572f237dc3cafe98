//! The migrator under faults, on PostgreSQL, MariaDB/MySQL and SQLite: a failed statement is a
//! failed migration, never recorded as applied; a half-applied migration that was edited since is
//! refused instead of resumed; a statement MySQL may have committed before an interruption is
//! taken as done only then (also among creates marked started together, and never for a
//! statement marked started ahead by the run itself); PostgreSQL's progress table is created by the first
//! migration that needs it; and literals mean what they say whatever the server's quoting settings.

use std::path::Path;

use diesel::connection::SimpleConnection;
use diesel::query_dsl::RunQueryDsl;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::{Connection, MysqlConnection, PgConnection, QueryableByName, SqliteConnection};
use tablewright::{Database, MigrateError, Migrations, Migrator, Refusal};
use tablewright_core::dialect::Dialect;
use tablewright_core::migrations::checksum;
use tablewright_core::sql::quote;
use tablewright_db_tests::{ServerDatabase, SqliteDatabase};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Value {
    #[diesel(sql_type = Nullable<Text>)]
    v: Option<String>,
}

fn write_migration(dir: &Path, name: &str, up: &str, in_transaction: bool) {
    let folder = dir.join(name);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("up.sql"), up).unwrap();
    std::fs::write(folder.join("down.sql"), "SELECT 1;").unwrap();
    std::fs::write(
        folder.join("metadata.toml"),
        format!("run_in_transaction = {in_transaction}\n"),
    )
    .unwrap();
}

fn count<C: Connection>(conn: &mut C, sql: &str) -> i64
where
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n
}

fn up<C: Database>(dir: &Path, url: &str) -> Result<tablewright::Report, MigrateError> {
    Migrator::new(&Migrations::from_dir(dir).unwrap()).run::<C>(url)
}

/// The bookkeeping tables, as any earlier run leaves them (SQLite rolls back their creation
/// with a failed first run).
fn bookkeeping<C: Database>(url: &str) {
    let nothing: Migrations = Vec::<tablewright::MigrationFile>::new().into_iter().collect();
    Migrator::new(&nothing).run::<C>(url).unwrap();
}

fn recorded<C: Connection>(conn: &mut C, version: &str) -> i64
where
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    count(
        conn,
        &format!("SELECT count(*) AS n FROM __diesel_schema_migrations WHERE version = '{version}'"),
    ) + count(
        conn,
        &format!("SELECT count(*) AS n FROM __tablewright_ledger WHERE version = '{version}'"),
    )
}

/// Statement `failing` (0-based) of three creates a table that is already there: the migration
/// fails, twice, is never recorded, and applies once the obstacle is gone.
fn a_failed_statement_fails_the_migration<C: Database>(dialect: Dialect, url: &str, failing: usize)
where
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    let dir = tablewright_db_tests::tempdir();
    let tables = ["first_t", "second_t", "third_t"];
    let up_sql: String = tables
        .iter()
        .map(|t| format!("CREATE TABLE {t} (id INTEGER PRIMARY KEY);\n"))
        .collect();
    write_migration(dir.path(), "20260101000000_three", &up_sql, true);
    bookkeeping::<C>(url);
    let mut conn = C::establish(url).unwrap();
    conn.batch_execute(&format!("CREATE TABLE {} (id INTEGER PRIMARY KEY)", tables[failing]))
        .unwrap();
    for attempt in 1..=2 {
        match up::<C>(dir.path(), url) {
            Err(MigrateError::Failed { message, .. }) => {
                assert!(
                    message.contains(tables[failing]) || message.contains("exists"),
                    "{message}"
                )
            }
            other => panic!("{dialect}, statement {failing}, attempt {attempt}: {other:?}"),
        }
        assert_eq!(recorded(&mut conn, "20260101000000"), 0, "{dialect}: not recorded");
    }
    conn.batch_execute(&format!("DROP TABLE {}", tables[failing])).unwrap();
    up::<C>(dir.path(), url).unwrap_or_else(|e| panic!("{dialect}, statement {failing}: {e}"));
    assert_eq!(
        recorded(&mut conn, "20260101000000"),
        2,
        "{dialect}: recorded once fixed"
    );
    for table in tables {
        conn.batch_execute(&format!("DROP TABLE {table}")).unwrap();
    }
    conn.batch_execute("DELETE FROM __diesel_schema_migrations; DELETE FROM __tablewright_ledger;")
        .unwrap();
}

/// A statement-by-statement migration stops at a failure; edited before the failure point, it is
/// refused; restored and fixed, it finishes without running the first statement twice.
fn an_edited_half_applied_migration_is_refused<C: Database>(dialect: Dialect, url: &str)
where
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    let dir = tablewright_db_tests::tempdir();
    let name = "20260101000000_half";
    let original = "CREATE TABLE half_a (id INTEGER PRIMARY KEY);\nINSERT INTO half_a (id) VALUES (1);\nINSERT INTO missing_table (id) VALUES (1);\n";
    write_migration(dir.path(), name, original, false);
    let error = up::<C>(dir.path(), url).unwrap_err();
    assert!(
        matches!(error, MigrateError::Failed { statement: Some(2), .. }),
        "{dialect}: {error:?}"
    );
    let edited = format!("CREATE TABLE sneaked_in (id INTEGER PRIMARY KEY);\n{original}");
    write_migration(dir.path(), name, &edited, false);
    match up::<C>(dir.path(), url) {
        Err(MigrateError::Refused(refusals)) => match &refusals[..] {
            [Refusal::EditedWhileHalfApplied {
                statement: 0,
                completed: 2,
                ..
            }] => {}
            other => panic!("{dialect}: {other:?}"),
        },
        other => panic!("{dialect}: {other:?}"),
    }
    let mut conn = C::establish(url).unwrap();
    conn.batch_execute("CREATE TABLE missing_table (id INTEGER PRIMARY KEY)")
        .unwrap();
    write_migration(dir.path(), name, original, false);
    up::<C>(dir.path(), url).unwrap_or_else(|e| panic!("{dialect}: {e}"));
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM half_a"),
        1,
        "{dialect}: run once"
    );
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM missing_table"), 1);
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM __tablewright_progress"), 0);
}

/// PostgreSQL: a start that runs only transactional migrations creates no progress table; the
/// first migration run outside a transaction creates it in the transaction of its first mark (a
/// first statement that fails leaves no table) and marks its statements, and when it fails
/// half-way the next start resumes after the marked ones.
fn postgres_progress_table_waits_for_a_migration_that_needs_it(url: &str) {
    let dir = tablewright_db_tests::tempdir();
    let mut conn = PgConnection::establish(url).unwrap();
    let progress_tables = "SELECT count(to_regclass('__tablewright_progress')) AS n";
    write_migration(
        dir.path(),
        "20260101000000_create",
        "CREATE TABLE lazy_t (id INTEGER PRIMARY KEY);\n",
        true,
    );
    up::<PgConnection>(dir.path(), url).unwrap();
    assert_eq!(recorded(&mut conn, "20260101000000"), 2);
    assert_eq!(count(&mut conn, progress_tables), 0, "no progress table yet");

    let statements = [
        "INSERT INTO lazy_t (id) VALUES (1)",
        "CREATE INDEX CONCURRENTLY lazy_t_id ON lazy_t (id)",
        "INSERT INTO lazy_missing (id) VALUES (1)",
    ];
    let up_sql: String = statements.iter().map(|s| format!("{s};\n")).collect();
    write_migration(dir.path(), "20260101000001_outside", &statements[2..].concat(), false);
    match up::<PgConnection>(dir.path(), url) {
        Err(MigrateError::Failed { statement: Some(0), .. }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(
        count(&mut conn, progress_tables),
        0,
        "rolled back with the first statement"
    );
    write_migration(dir.path(), "20260101000001_outside", &up_sql, false);
    match up::<PgConnection>(dir.path(), url) {
        Err(MigrateError::Failed { statement: Some(2), .. }) => {}
        other => panic!("{other:?}"),
    }
    let marks: Vec<Option<String>> = diesel::sql_query(
        "SELECT version || ' ' || statement || ' ' || done || ' ' || checksum AS v FROM __tablewright_progress ORDER BY statement",
    )
    .load::<Value>(&mut conn)
    .unwrap()
    .into_iter()
    .map(|r| r.v)
    .collect();
    let expected: Vec<Option<String>> = statements[..2]
        .iter()
        .enumerate()
        .map(|(i, s)| Some(format!("20260101000001 {i} 1 {}", checksum(s, None))))
        .collect();
    assert_eq!(marks, expected, "the two statements that ran are marked done");

    conn.batch_execute("CREATE TABLE lazy_missing (id INTEGER PRIMARY KEY)")
        .unwrap();
    up::<PgConnection>(dir.path(), url).unwrap();
    assert_eq!(recorded(&mut conn, "20260101000001"), 2);
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM lazy_t"), 1, "run once");
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM __tablewright_progress"), 0);
}

/// PostgreSQL: a first migration outside a transaction with no statement at all still records
/// (its record clears progress rows, so the table is created with the record).
fn postgres_empty_migration_outside_a_transaction(url: &str) {
    let dir = tablewright_db_tests::tempdir();
    write_migration(dir.path(), "20260101000000_empty", "-- nothing to do\n", false);
    up::<PgConnection>(dir.path(), url).unwrap();
    let mut conn = PgConnection::establish(url).unwrap();
    assert_eq!(recorded(&mut conn, "20260101000000"), 2);
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM __tablewright_progress"), 0);
}

/// What an interrupted MySQL run leaves of migration 20260101000000: `statements` (its first
/// ones) marked started, not done.
fn mark_started(conn: &mut MysqlConnection, statements: &[&str]) {
    for (i, statement) in statements.iter().enumerate() {
        conn.batch_execute(&format!(
            "INSERT INTO __tablewright_progress (version, statement, checksum, done) VALUES ('20260101000000', {i}, '{}', 0)",
            checksum(statement, None)
        ))
        .unwrap();
    }
}

/// MySQL: a statement a previous run marked started may have committed before the interruption;
/// only then does "already exists" mean it had completed.
fn mysql_started_statement_is_taken_as_done(url: &str) {
    let dir = tablewright_db_tests::tempdir();
    let statement = "CREATE TABLE crashed_t (id INTEGER PRIMARY KEY)";
    write_migration(dir.path(), "20260101000000_crash", &format!("{statement};\n"), true);
    let mut conn = MysqlConnection::establish(url).unwrap();
    bookkeeping::<MysqlConnection>(url);
    // What a run killed right after MySQL committed the DDL leaves behind: the table, and the
    // statement marked started.
    conn.batch_execute(statement).unwrap();
    mark_started(&mut conn, &[statement]);
    up::<MysqlConnection>(dir.path(), url).unwrap();
    assert_eq!(recorded(&mut conn, "20260101000000"), 2);
    // Without the started mark, the same "already exists" is a failure (first test above).
}

/// MySQL: consecutive creates are marked started together; a run interrupted among them leaves
/// some created and all marked started, and the next run takes "already exists" as done for
/// those, runs the rest, and records the migration once.
fn mysql_interrupted_creates_resume(url: &str) {
    let dir = tablewright_db_tests::tempdir();
    let statements = [
        "CREATE TABLE group_a (id INTEGER PRIMARY KEY)",
        "CREATE INDEX group_a_id ON group_a (id)",
        "CREATE TABLE group_b (id INTEGER PRIMARY KEY)",
    ];
    let up_sql: String = statements.iter().map(|s| format!("{s};\n")).collect();
    write_migration(dir.path(), "20260101000000_group", &up_sql, true);
    let mut conn = MysqlConnection::establish(url).unwrap();
    bookkeeping::<MysqlConnection>(url);
    // What a run killed after the first two statements committed leaves behind.
    conn.batch_execute(&format!("{};\n{}", statements[0], statements[1]))
        .unwrap();
    mark_started(&mut conn, &statements);
    up::<MysqlConnection>(dir.path(), url).unwrap();
    assert_eq!(recorded(&mut conn, "20260101000000"), 2);
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM group_b"), 0, "created");
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM __tablewright_progress"), 0);
}

/// MySQL: the run that records a migration marks the next one's first statements started in the
/// same commit; that is not an interruption, so "already exists" there is still a failure, and
/// the migration before stays recorded.
fn mysql_marks_ahead_are_not_an_interruption(url: &str) {
    let dir = tablewright_db_tests::tempdir();
    write_migration(
        dir.path(),
        "20260101000000_first",
        "CREATE TABLE ahead_a (id INTEGER PRIMARY KEY);\n",
        true,
    );
    write_migration(
        dir.path(),
        "20260101000001_second",
        "CREATE TABLE ahead_b (id INTEGER PRIMARY KEY);\nCREATE TABLE ahead_c (id INTEGER PRIMARY KEY);\n",
        true,
    );
    let mut conn = MysqlConnection::establish(url).unwrap();
    conn.batch_execute("CREATE TABLE ahead_c (id INTEGER PRIMARY KEY)")
        .unwrap();
    match up::<MysqlConnection>(dir.path(), url) {
        Err(MigrateError::Failed {
            name,
            statement: Some(1),
            message,
        }) => {
            assert!(
                name.contains("second") && message.contains("already exists"),
                "{name}: {message}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(recorded(&mut conn, "20260101000000"), 2, "the first is recorded");
    assert_eq!(recorded(&mut conn, "20260101000001"), 0, "the second is not");
    // The statement before the failure is done; the failed one left no mark.
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM __tablewright_progress WHERE done = 1"
        ),
        1
    );
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM __tablewright_progress"), 1);
    conn.batch_execute("DROP TABLE ahead_c").unwrap();
    up::<MysqlConnection>(dir.path(), url).unwrap();
    assert_eq!(recorded(&mut conn, "20260101000001"), 2);
    assert_eq!(count(&mut conn, "SELECT count(*) AS n FROM __tablewright_progress"), 0);
}

/// MySQL: marks written ahead (a group's, or the next migration's with the record before it)
/// leave only one statement in doubt: once one runs as if for the first time, "already exists"
/// after it is an error again, here from a table the migration's author did not know about.
fn mysql_marks_ahead_leave_one_statement_in_doubt(url: &str) {
    let dir = tablewright_db_tests::tempdir();
    let statements = [
        "CREATE TABLE doubt_a (id INTEGER PRIMARY KEY)",
        "CREATE TABLE doubt_b (id INTEGER PRIMARY KEY)",
    ];
    let up_sql: String = statements.iter().map(|s| format!("{s};\n")).collect();
    write_migration(dir.path(), "20260101000000_doubt", &up_sql, true);
    let mut conn = MysqlConnection::establish(url).unwrap();
    bookkeeping::<MysqlConnection>(url);
    // A run killed between the record of the migration before and this one's first statement.
    mark_started(&mut conn, &statements);
    conn.batch_execute("CREATE TABLE doubt_b (id INTEGER PRIMARY KEY)")
        .unwrap();
    match up::<MysqlConnection>(dir.path(), url) {
        Err(MigrateError::Failed {
            statement: Some(1),
            message,
            ..
        }) => {
            assert!(message.contains("already exists"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(recorded(&mut conn, "20260101000000"), 0);
}

/// MySQL: a migration is recorded all or nothing, whatever its last statement: after DDL (which
/// commits implicitly, and leaves every later statement of the "transaction" to commit alone)
/// in a transaction of its own, after a data statement in that statement's. When the ledger
/// refuses its row, neither diesel's row nor the statement's rows are kept, and the next run
/// records both and writes the rows once.
fn mysql_record_is_all_or_nothing(url: &str, last: &str) {
    let dir = tablewright_db_tests::tempdir();
    let up_sql = format!("CREATE TABLE recorded_t (id INTEGER PRIMARY KEY);\n{last}");
    write_migration(dir.path(), "20260101000000_record", &up_sql, true);
    let mut conn = MysqlConnection::establish(url).unwrap();
    bookkeeping::<MysqlConnection>(url);
    conn.batch_execute(
        "CREATE TRIGGER refuse_ledger BEFORE INSERT ON __tablewright_ledger FOR EACH ROW \
         SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the ledger refuses'",
    )
    .unwrap();
    let error = up::<MysqlConnection>(dir.path(), url).unwrap_err().to_string();
    assert!(error.contains("the ledger refuses"), "{last}: {error}");
    assert_eq!(recorded(&mut conn, "20260101000000"), 0, "{last}: nothing recorded");
    let rows = "SELECT count(*) AS n FROM recorded_t";
    assert_eq!(count(&mut conn, rows), 0, "{last}: no row kept");
    conn.batch_execute("DROP TRIGGER refuse_ledger").unwrap();
    up::<MysqlConnection>(dir.path(), url).unwrap();
    assert_eq!(recorded(&mut conn, "20260101000000"), 2, "{last}: recorded");
    let expected = if last.is_empty() { 0 } else { 1 };
    assert_eq!(count(&mut conn, rows), expected, "{last}: written once");
}

/// Literals with backslashes and quotes mean the same whatever the server's quoting settings, and
/// the connection's own settings are put back.
fn quoting_does_not_depend_on_server_settings<C: Database>(dialect: Dialect, conn: &mut C, url: &str)
where
    diesel::query_builder::SqlQuery:
        diesel::query_dsl::LoadQuery<'static, C, Count> + diesel::query_dsl::LoadQuery<'static, C, Value>,
{
    let dir = tablewright_db_tests::tempdir();
    let hostile = r"it's C:\' ; DROP TABLE victim; -- ";
    let up_sql = format!(
        "CREATE TABLE victim (id INTEGER PRIMARY KEY);\nCREATE TABLE quoted (v VARCHAR(100));\nINSERT INTO quoted (v) VALUES ({});\nINSERT INTO quoted (v) VALUES ('C:\\');\n",
        quote::literal(dialect, hostile)
    );
    let up_sql = if dialect == Dialect::Mysql {
        // A hand-written MySQL migration escapes its backslashes, as MySQL reads them by default.
        up_sql.replace(r"('C:\')", r"('C:\\')")
    } else {
        up_sql
    };
    write_migration(dir.path(), "20260101000000_quoted", &up_sql, true);
    // The ledger keeps the down SQL as written, quotes and backslashes included.
    let down_sql = "DROP TABLE quoted; -- it's C:\\' and \\\\ too\n";
    std::fs::write(dir.path().join("20260101000000_quoted/down.sql"), down_sql).unwrap();
    let migrations = Migrations::from_dir(dir.path()).unwrap();
    Migrator::new(&migrations)
        .run_on(conn)
        .unwrap_or_else(|e| panic!("{dialect}: {e}"));
    let values: Vec<Option<String>> = diesel::sql_query("SELECT v FROM quoted ORDER BY v DESC")
        .load::<Value>(conn)
        .unwrap()
        .into_iter()
        .map(|r| r.v)
        .collect();
    assert_eq!(
        values,
        [Some(hostile.to_string()), Some(r"C:\".to_string())],
        "{dialect}"
    );
    assert_eq!(
        count(conn, "SELECT count(*) AS n FROM victim"),
        0,
        "{dialect}: victim is there"
    );
    let kept: Vec<Value> = diesel::sql_query("SELECT down_sql AS v FROM __tablewright_ledger")
        .load(conn)
        .unwrap();
    assert_eq!(kept[0].v.as_deref(), Some(down_sql), "{dialect}: the down SQL kept");
    let _ = url;
}

#[test]
fn postgres() {
    let Some(db) = ServerDatabase::postgres() else { return };
    for failing in 0..3 {
        a_failed_statement_fails_the_migration::<PgConnection>(Dialect::Postgres, &db.url, failing);
    }
    an_edited_half_applied_migration_is_refused::<PgConnection>(Dialect::Postgres, &db.url);
    let lazy = ServerDatabase::postgres().unwrap();
    postgres_progress_table_waits_for_a_migration_that_needs_it(&lazy.url);
    let empty = ServerDatabase::postgres().unwrap();
    postgres_empty_migration_outside_a_transaction(&empty.url);
    let quoted = ServerDatabase::postgres().unwrap();
    let mut admin = PgConnection::establish(&db.url).unwrap();
    admin
        .batch_execute(&format!(
            "ALTER DATABASE \"{}\" SET standard_conforming_strings = off",
            quoted.name
        ))
        .unwrap();
    let mut conn = PgConnection::establish(&quoted.url).unwrap();
    quoting_does_not_depend_on_server_settings(Dialect::Postgres, &mut conn, &quoted.url);
    let setting: Vec<Value> = diesel::sql_query("SELECT current_setting('standard_conforming_strings') AS v")
        .load(&mut conn)
        .unwrap();
    assert_eq!(
        setting[0].v.as_deref(),
        Some("off"),
        "the connection's setting is put back"
    );
}

#[test]
fn mysql() {
    let Some(db) = ServerDatabase::mysql() else { return };
    for failing in 0..3 {
        a_failed_statement_fails_the_migration::<MysqlConnection>(Dialect::Mysql, &db.url, failing);
    }
    an_edited_half_applied_migration_is_refused::<MysqlConnection>(Dialect::Mysql, &db.url);
    let crashed = ServerDatabase::mysql().unwrap();
    mysql_started_statement_is_taken_as_done(&crashed.url);
    let refused = ServerDatabase::mysql().unwrap();
    mysql_record_is_all_or_nothing(&refused.url, "");
    let interrupted = ServerDatabase::mysql().unwrap();
    mysql_interrupted_creates_resume(&interrupted.url);
    let ahead = ServerDatabase::mysql().unwrap();
    mysql_marks_ahead_are_not_an_interruption(&ahead.url);
    let doubt = ServerDatabase::mysql().unwrap();
    mysql_marks_ahead_leave_one_statement_in_doubt(&doubt.url);
    let last_insert = ServerDatabase::mysql().unwrap();
    mysql_record_is_all_or_nothing(&last_insert.url, "INSERT INTO recorded_t (id) VALUES (1);\n");
    let quoted = ServerDatabase::mysql().unwrap();
    let mut conn = MysqlConnection::establish(&quoted.url).unwrap();
    conn.batch_execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')")
        .unwrap();
    quoting_does_not_depend_on_server_settings(Dialect::Mysql, &mut conn, &quoted.url);
    let mode: Vec<Value> = diesel::sql_query("SELECT @@SESSION.sql_mode AS v")
        .load(&mut conn)
        .unwrap();
    assert!(
        mode[0]
            .v
            .as_deref()
            .unwrap_or_default()
            .contains("NO_BACKSLASH_ESCAPES"),
        "the connection's sql_mode is put back: {:?}",
        mode[0].v
    );
}

#[test]
fn sqlite() {
    let db = SqliteDatabase::new();
    let url = db.path.to_str().unwrap();
    for failing in 0..3 {
        a_failed_statement_fails_the_migration::<SqliteConnection>(Dialect::Sqlite, url, failing);
    }
    let quoted = SqliteDatabase::new();
    let mut conn = quoted.connect();
    quoting_does_not_depend_on_server_settings(Dialect::Sqlite, &mut conn, quoted.path.to_str().unwrap());
}

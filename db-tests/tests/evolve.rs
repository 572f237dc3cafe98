//! A schema that uses every portable element, generated and applied on PostgreSQL, SQLite and
//! MariaDB/MySQL, then evolved with additive changes: each migration goes up, down and up again
//! on the real database, and after every step the database equals the model exactly.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use diesel::backend::Backend;
use diesel::query_dsl::RunQueryDsl;
use diesel::sql_types::BigInt;
use diesel::{Connection, MysqlConnection, PgConnection, QueryableByName, SqliteConnection};
use tablewright::introspect::{drift_of, mysql_catalog, postgres_catalog, sqlite_catalog, Catalog};
use tablewright::{Database, Migrations, Migrator};
use tablewright_core::dialect::Dialect;
use tablewright_core::migrations::MigrationSet;
use tablewright_core::project::{Mode, Outcome, Project};
use tablewright_db_tests::{fixture, load_schema, ServerDatabase, SqliteDatabase};

fn project(version: &str, migrations: &Path, dialect: Dialect) -> Project {
    Project {
        schema_dirs: vec![fixture(&format!("evolve/{version}"))],
        source_dirs: vec![],
        migrations_dir: migrations.to_path_buf(),
        dialect,
    }
}

/// Generates the migrations for `version` (sealing the previous ones first, as a commit would);
/// returns how many migration folders it wrote.
fn generate(version: &str, migrations: &Path, dialect: Dialect, step: u64) -> usize {
    let set = MigrationSet::read(migrations).unwrap();
    for folder in &set.folders {
        folder.seal().unwrap();
    }
    let before = set.folders.len();
    let project = project(version, migrations, dialect);
    let schema = project.load().unwrap_or_else(|d| panic!("{d}")).schema;
    // Distinct, increasing clock readings, as successive commits would have.
    let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000 + step * 60);
    let outcome = project
        .sync(&schema, Mode::Write, now)
        .unwrap_or_else(|e| panic!("{version} on {dialect}: {e}"));
    assert!(
        matches!(outcome, Outcome::Created { .. }),
        "{version} on {dialect}: {outcome:?}"
    );
    assert_eq!(
        project.sync(&schema, Mode::Check, SystemTime::now()).unwrap(),
        Outcome::UpToDate
    );
    MigrationSet::read(migrations).unwrap().folders.len() - before
}

fn assert_matches<C: Database>(conn: &mut C, version: &str, dialect: Dialect, when: &str) {
    let schema = load_schema(&[fixture(&format!("evolve/{version}"))], dialect);
    let differences = drift_of(conn, &schema).unwrap_or_else(|e| panic!("{dialect}, {when}: {e}"));
    assert!(
        differences.is_empty(),
        "{dialect}, {when}: the database differs from {version}:\n{}",
        differences
            .iter()
            .map(|d| format!("  {d}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Rows written with the defaults, and `updated_at` refreshed by an UPDATE that does not set it
/// (a trigger on PostgreSQL and SQLite, ON UPDATE on MySQL).
fn defaults_and_updated_at<DB, C>(conn: &mut C, dialect: Dialect)
where
    DB: Backend,
    C: Connection<Backend = DB>,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    conn.batch_execute(
        "INSERT INTO customers (email, display_name, updated_at) VALUES ('a@example.com', 'A', '2000-01-01 00:00:00');
         UPDATE customers SET display_name = 'Ann' WHERE email = 'a@example.com';",
    )
    .unwrap_or_else(|e| panic!("{dialect}: {e}"));
    let refreshed = diesel::sql_query("SELECT count(*) AS n FROM customers WHERE updated_at > '2001-01-01' AND tier = 'bronze' AND credit_limit = 100.5 AND is_vip = FALSE AND small = -1 AND external_ref IS NOT NULL")
        .get_result::<Count>(conn)
        .unwrap();
    assert_eq!(refreshed.n, 1, "{dialect}: defaults applied and updated_at refreshed");
    conn.batch_execute("DELETE FROM customers").unwrap();
}

/// Runs every version in turn on one database, through the Migrator (lock, ledger, statement by
/// statement where a migration runs outside a transaction) and `tablewright::revert`.
fn evolve<C>(dialect: Dialect, versions: &[&str], url: &str, catalog: impl Fn(&mut C) -> Catalog)
where
    C: Database,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    let dir = tablewright_db_tests::tempdir();
    let folder = dir.path().join("migrations");
    let connect = || C::establish(url).unwrap();
    let up = |when: &str| {
        let migrations = Migrations::from_dir(&folder).unwrap();
        Migrator::new(&migrations)
            .run::<C>(url)
            .unwrap_or_else(|e| panic!("{dialect} {when}: {e}"));
    };
    // Reverts the newest `count` migrations, one at a time.
    let revert = |count: usize| {
        let migrations = Migrations::from_dir(&folder).unwrap();
        (0..count)
            .map(|_| {
                tablewright::revert::<C>(url, &migrations, None, Duration::from_secs(30))
                    .unwrap_or_else(|e| panic!("{dialect} down: {e}"))
                    .len()
            })
            .sum::<usize>()
    };
    for (step, version) in versions.iter().enumerate() {
        let written = generate(version, &folder, dialect, step as u64);
        up(&format!("{version} up"));
        assert_matches(&mut connect(), version, dialect, "after up");
        if step == 0 {
            defaults_and_updated_at(&mut connect(), dialect);
        }
        assert_eq!(
            revert(written),
            written,
            "{dialect} {version}: every migration of the step reverted"
        );
        if step > 0 {
            assert_matches(&mut connect(), versions[step - 1], dialect, "after down");
        }
        up(&format!("{version} up again"));
        assert_matches(&mut connect(), version, dialect, "after up again");
    }
    revert(MigrationSet::read(&folder).unwrap().folders.len());
    let left: Vec<String> = catalog(&mut connect())
        .tables
        .into_keys()
        .filter(|t| !tablewright_core::catalog::is_bookkeeping_table(t))
        .collect();
    assert!(
        left.is_empty(),
        "{dialect}: tables left after reverting everything: {left:?}"
    );
    assert!(
        catalog(&mut connect()).functions.is_empty(),
        "{dialect}: functions left after reverting everything"
    );
}

#[test]
fn postgres() {
    let Some(db) = ServerDatabase::postgres() else { return };
    evolve::<PgConnection>(Dialect::Postgres, &["v1", "v2", "v3", "v4", "v5", "v6"], &db.url, |c| {
        postgres_catalog(c).unwrap()
    });
}

#[test]
fn mysql() {
    let Some(db) = ServerDatabase::mysql() else { return };
    evolve::<MysqlConnection>(Dialect::Mysql, &["v1", "v2", "v3", "v4", "v5", "v6"], &db.url, |c| {
        mysql_catalog(c).unwrap()
    });
}

#[test]
fn sqlite() {
    let db = SqliteDatabase::new();
    evolve::<SqliteConnection>(
        Dialect::Sqlite,
        &["v1", "v2", "v3", "v4", "v5", "v6"],
        db.path.to_str().unwrap(),
        |c| sqlite_catalog(c).unwrap(),
    );
}

/// What SQLite's ALTER TABLE cannot do is planned as a table rebuild (new table, copy, drop,
/// rename), which the evolution above runs up and down on a real database.
#[test]
fn sqlite_rebuilds_what_alter_table_cannot_change() {
    let dir = tablewright_db_tests::tempdir();
    let migrations = dir.path().join("migrations");
    generate("v2", &migrations, Dialect::Sqlite, 0);
    for folder in MigrationSet::read(&migrations).unwrap().folders {
        folder.seal().unwrap();
    }
    let project = project("v3", &migrations, Dialect::Sqlite);
    let schema = project.load().unwrap().schema;
    let preview = project.preview(&schema, SystemTime::now()).unwrap();
    let up = &preview.migrations[0].up;
    for expected in [
        "-- rebuild table customers (SQLite cannot alter it in place)",
        "-- rebuild table order_lines (SQLite cannot alter it in place)",
        "INSERT INTO \"_tw_rebuild_order_lines\"",
        "DROP TABLE \"order_lines\";",
        "ALTER TABLE \"_tw_rebuild_order_lines\" RENAME TO \"order_lines\";",
    ] {
        assert!(up.contains(expected), "{expected}\n{up}");
    }
}

//! A schema that uses every portable element, generated and applied on PostgreSQL, SQLite and
//! MariaDB/MySQL, then evolved with additive changes: each migration goes up, down and up again
//! on the real database, and after every step the database equals the model exactly.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use diesel::backend::Backend;
use diesel::query_dsl::RunQueryDsl;
use diesel::sql_types::BigInt;
use diesel::{Connection, MysqlConnection, PgConnection, QueryableByName};
use diesel_migrations::{FileBasedMigrations, MigrationHarness};
use tablewright::introspect::{drift, mysql_catalog, postgres_catalog, sqlite_catalog, Catalog};
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

/// Generates the migration for `version` (sealing the previous one first, as a commit would).
fn generate(version: &str, migrations: &Path, dialect: Dialect, step: u64) -> Outcome {
    let set = MigrationSet::read(migrations).unwrap();
    if let Some((_, latest)) = set.latest_generated() {
        latest.seal().unwrap();
    }
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
    outcome
}

fn assert_matches(catalog: &Catalog, version: &str, dialect: Dialect, when: &str) {
    let schema = load_schema(&[fixture(&format!("evolve/{version}"))], dialect);
    let differences = drift(&schema, catalog, dialect);
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

/// Runs every version in turn on one database.
fn evolve<DB, C>(
    dialect: Dialect,
    versions: &[&str],
    mut connect: impl FnMut() -> C,
    catalog: impl Fn(&mut C) -> Catalog,
) where
    DB: Backend,
    C: MigrationHarness<DB> + Connection<Backend = DB>,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    let dir = tempfile::tempdir().unwrap();
    let migrations = dir.path().join("migrations");
    let source = || FileBasedMigrations::from_path(&migrations).unwrap();
    let mut conn = connect();
    for (step, version) in versions.iter().enumerate() {
        generate(version, &migrations, dialect, step as u64);
        tablewright::run_pending_migrations(&mut conn, source())
            .unwrap_or_else(|e| panic!("{dialect} {version} up: {e}"));
        assert_matches(&catalog(&mut conn), version, dialect, "after up");
        if step == 0 {
            defaults_and_updated_at(&mut conn, dialect);
        }
        conn.revert_last_migration(source())
            .unwrap_or_else(|e| panic!("{dialect} {version} down: {e}"));
        if step > 0 {
            assert_matches(&catalog(&mut conn), versions[step - 1], dialect, "after down");
        }
        tablewright::run_pending_migrations(&mut conn, source())
            .unwrap_or_else(|e| panic!("{dialect} {version} up again: {e}"));
        assert_matches(&catalog(&mut conn), version, dialect, "after up again");
    }
    conn.revert_all_migrations(source()).unwrap();
    let left: Vec<String> = catalog(&mut conn)
        .tables
        .into_keys()
        .filter(|t| !tablewright_core::catalog::is_bookkeeping_table(t))
        .collect();
    assert!(
        left.is_empty(),
        "{dialect}: tables left after reverting everything: {left:?}"
    );
    assert!(
        catalog(&mut conn).functions.is_empty(),
        "{dialect}: functions left after reverting everything"
    );
}

#[test]
fn postgres() {
    let Some(db) = ServerDatabase::postgres() else { return };
    evolve(
        Dialect::Postgres,
        &["v1", "v2", "v3"],
        || PgConnection::establish(&db.url).unwrap(),
        |c| postgres_catalog(c).unwrap(),
    );
}

#[test]
fn mysql() {
    let Some(db) = ServerDatabase::mysql() else { return };
    evolve(
        Dialect::Mysql,
        &["v1", "v2", "v3"],
        || MysqlConnection::establish(&db.url).unwrap(),
        |c| mysql_catalog(c).unwrap(),
    );
}

#[test]
fn sqlite() {
    let db = SqliteDatabase::new();
    evolve(
        Dialect::Sqlite,
        &["v1", "v2"],
        || db.connect(),
        |c| sqlite_catalog(c).unwrap(),
    );
}

/// What SQLite cannot do in place is refused with the reason, not generated wrongly.
#[test]
fn sqlite_refuses_what_needs_a_table_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let migrations = dir.path().join("migrations");
    generate("v2", &migrations, Dialect::Sqlite, 0);
    MigrationSet::read(&migrations)
        .unwrap()
        .latest_generated()
        .unwrap()
        .1
        .seal()
        .unwrap();
    let project = project("v3", &migrations, Dialect::Sqlite);
    let schema = project.load().unwrap().schema;
    let error = project
        .sync(&schema, Mode::Write, SystemTime::now())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains(
            "new check `order_lines_sku_check` on existing table `order_lines` (SQLite must rebuild the table)"
        ),
        "{error}"
    );
    assert!(
        error.contains("new foreign-key column `customers.referred_by`"),
        "{error}"
    );
}

//! Tables owned by another team are verified at startup: the columns the app declared must exist
//! with compatible types, or startup fails with a report of what is missing.

use diesel::{Connection, MysqlConnection, PgConnection, SqliteConnection};
use tablewright::{Database, MigrateError, Migrations, Migrator, SharedTables};
use tablewright_core::model::Schema;
use tablewright_core::shared_tables::shared_tables;
use tablewright_core::source::yaml;
use tablewright_db_tests::{ServerDatabase, SqliteDatabase};

const SHARED: &str = "table: systems\nexternal: { owner: main system team }\ncolumns:\n  asset_uid: { type: varchar(64), primary_key: true }\n  description: { type: text, nullable: true }\n  model_norm: { type: text, nullable: true }\n";

/// The contract the build script embeds for `SHARED` (what `include_schema!()` gives the app).
fn contract() -> SharedTables {
    let (tables, problems) = yaml::parse_str(SHARED, None);
    assert!(problems.is_empty(), "{problems:?}");
    shared_tables(&Schema {
        tables,
        ..Default::default()
    })
}

fn verify<C: Database>(conn: &mut C, url: &str, create_shared: &str) {
    let dir = tablewright_db_tests::tempdir();
    std::fs::create_dir_all(dir.path().join("20250101000001_noop")).unwrap();
    std::fs::write(
        dir.path().join("20250101000001_noop/up.sql"),
        "CREATE TABLE ours (id INTEGER NOT NULL PRIMARY KEY);",
    )
    .unwrap();
    let migrations = Migrations::from_dir(dir.path()).unwrap();

    // The owning team's table lacks `model_norm`, and `description` has another type.
    conn.batch_execute(create_shared).unwrap();
    let error = Migrator::new(&migrations)
        .expect_schema(contract())
        .run::<C>(url)
        .unwrap_err();
    let MigrateError::External(differences) = &error else {
        panic!("{error}")
    };
    let text = error.to_string();
    assert_eq!(differences.len(), 2, "{text}");
    assert!(text.contains("systems: column `model_norm` is missing"), "{text}");
    assert!(text.contains("systems: column `description` is"), "{text}");
    assert!(text.contains("the owning team's migrations must run first"), "{text}");

    // Once the table has what the app needs, startup passes (extra columns are the owner's business).
    conn.batch_execute("DROP TABLE systems; CREATE TABLE systems (asset_uid VARCHAR(64) NOT NULL PRIMARY KEY, description TEXT, model_norm TEXT, extra INTEGER);").unwrap();
    Migrator::new(&migrations)
        .expect_schema(contract())
        .run::<C>(url)
        .unwrap();
}

const WRONG: &str = "CREATE TABLE systems (asset_uid VARCHAR(64) NOT NULL PRIMARY KEY, description INTEGER);";

#[test]
fn postgres() {
    let Some(db) = ServerDatabase::postgres() else { return };
    verify(&mut PgConnection::establish(&db.url).unwrap(), &db.url, WRONG);
}

#[test]
fn mysql() {
    let Some(db) = ServerDatabase::mysql() else { return };
    verify(&mut MysqlConnection::establish(&db.url).unwrap(), &db.url, WRONG);
}

#[test]
fn sqlite() {
    let db = SqliteDatabase::new();
    let url = db.path.to_str().unwrap().to_string();
    verify(&mut SqliteConnection::establish(&url).unwrap(), &url, WRONG);
}

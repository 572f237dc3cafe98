//! The quickstart's `migrations/` (generated from its `#[derive(Table)]` structs) on SQLite: up
//! gives exactly the modelled schema, down leaves nothing behind, and up works again.

use std::path::PathBuf;

use diesel_migrations::{FileBasedMigrations, MigrationHarness};
use tablewright::introspect::{drift_of, sqlite_catalog};
use tablewright_core::catalog::is_bookkeeping_table;
use tablewright_core::dialect::Dialect;
use tablewright_core::project::Project;
use tablewright_db_tests::{repo_root, SqliteDatabase};

#[test]
fn quickstart_migrations_go_up_down_and_up_again() {
    let example = repo_root().join("examples/quickstart-sqlite");
    let project = Project {
        schema_dirs: vec![],
        source_dirs: vec![example.join("src/models")],
        migrations_dir: PathBuf::new(),
        dialect: Dialect::Sqlite,
    };
    let schema = project.load().unwrap_or_else(|d| panic!("{d}")).schema;
    assert_eq!(schema.tables.len(), 2);

    let db = SqliteDatabase::new();
    let mut conn = db.connect();
    let source = || FileBasedMigrations::from_path(example.join("migrations")).unwrap();
    for round in ["up", "up again"] {
        tablewright::run_pending_migrations(&mut conn, source()).unwrap();
        let differences = drift_of(&mut conn, &schema).unwrap();
        assert!(differences.is_empty(), "after {round}:\n{differences:#?}");
        conn.revert_all_migrations(source()).unwrap();
        let left: Vec<String> = sqlite_catalog(&mut conn)
            .unwrap()
            .tables
            .into_keys()
            .filter(|t| !is_bookkeeping_table(t))
            .collect();
        assert!(left.is_empty(), "down left {left:?}");
    }
}

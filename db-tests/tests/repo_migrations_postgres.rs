//! The repository's `migrations/` (generated from `schemas/`) on a real PostgreSQL database: up
//! gives exactly the modelled schema, down leaves nothing behind, and up works again.

use diesel::connection::SimpleConnection;
use diesel::migration::MigrationConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_migrations::{FileBasedMigrations, MigrationHarness};
use tablewright::introspect::drift_of;
use tablewright_core::dialect::Dialect;
use tablewright_db_tests::{external_tables_sql, load_schema, repo_root, ServerDatabase};

#[derive(QueryableByName, Debug, PartialEq)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Every object in the current schema that a migration could leave behind.
fn objects(conn: &mut PgConnection) -> Vec<i64> {
    [
        "SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()",
        "SELECT count(*) AS n FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema()",
        "SELECT count(*) AS n FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema()",
        "SELECT count(*) AS n FROM pg_policy",
        "SELECT count(*) AS n FROM pg_trigger WHERE NOT tgisinternal",
        "SELECT count(*) AS n FROM pg_description d JOIN pg_class c ON c.oid = d.objoid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()",
    ]
    .iter()
    .map(|sql| diesel::sql_query(*sql).get_result::<Count>(conn).unwrap().n)
    .collect()
}

#[test]
fn repo_migrations_go_up_down_and_up_again() {
    let Some(db) = ServerDatabase::postgres() else { return };
    let schema = load_schema(&[repo_root().join("schemas")], Dialect::Postgres);
    let mut conn = PgConnection::establish(&db.url).unwrap();
    conn.batch_execute(&external_tables_sql(&schema, Dialect::Postgres))
        .unwrap();
    let source = || FileBasedMigrations::from_path(repo_root().join("migrations")).unwrap();
    // diesel's bookkeeping table exists from the first run on; create it before the baseline.
    conn.setup().unwrap();
    let baseline = objects(&mut conn);

    let applied = tablewright::run_pending_migrations(&mut conn, source()).unwrap();
    assert!(!applied.is_empty());
    let differences = drift_of(&mut conn, &schema).unwrap();
    assert!(
        differences.is_empty(),
        "schema after up differs from the model:\n{}",
        lines(&differences)
    );

    conn.revert_all_migrations(source()).unwrap();
    assert_eq!(
        objects(&mut conn),
        baseline,
        "down left objects behind (relations, types, functions, policies, triggers, comments)"
    );

    tablewright::run_pending_migrations(&mut conn, source()).unwrap();
    let differences = drift_of(&mut conn, &schema).unwrap();
    assert!(
        differences.is_empty(),
        "schema after up, down, up differs from the model:\n{}",
        lines(&differences)
    );

    // The comparison is sensitive: hand edits show up.
    conn.batch_execute(
        "DROP INDEX idx_lots_active;
         COMMENT ON COLUMN lots.lot_code IS 'edited by hand';
         ALTER TABLE lots NO FORCE ROW LEVEL SECURITY;
         ALTER TABLE storage_locations ALTER COLUMN zone SET NOT NULL;",
    )
    .unwrap();
    let differences = lines(&drift_of(&mut conn, &schema).unwrap());
    for expected in [
        "lots: index `idx_lots_active` is missing",
        "lots: column `lot_code` comment is Some(\"edited by hand\")",
        "lots: row-level security is enabled, not forced in the database, enabled and forced in the schema",
        "storage_locations: column `zone` is NOT NULL in the database, nullable in the schema",
    ] {
        assert!(
            differences.contains(expected),
            "expected {expected:?} in:\n{differences}"
        );
    }
}

fn lines(drifts: &[tablewright::introspect::Drift]) -> String {
    drifts.iter().map(|d| format!("  {d}")).collect::<Vec<_>>().join("\n")
}

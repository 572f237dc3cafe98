//! What the generated PostgreSQL schema does at runtime: tenant isolation through row-level
//! security (as a normal role: superusers bypass RLS) and `updated_at` maintained by its trigger.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};
use diesel_migrations::FileBasedMigrations;
use tablewright_core::dialect::Dialect;
use tablewright_db_tests::{external_tables_sql, load_schema, repo_root, ServerDatabase};

const TENANT_A: &str = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const TENANT_B: &str = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Flag {
    #[diesel(sql_type = Bool)]
    value: bool,
}

fn count(conn: &mut PgConnection, sql: &str) -> QueryResult<i64> {
    diesel::sql_query(sql).get_result::<Count>(conn).map(|c| c.n)
}

/// A migrated warehouse database, and a connection acting as an ordinary application role.
fn warehouse() -> Option<(ServerDatabase, PgConnection, String)> {
    let db = ServerDatabase::postgres()?;
    let schema = load_schema(&[repo_root().join("schemas")], Dialect::Postgres);
    let mut conn = PgConnection::establish(&db.url).unwrap();
    conn.batch_execute(&external_tables_sql(&schema, Dialect::Postgres))
        .unwrap();
    tablewright::run_pending_migrations(
        &mut conn,
        FileBasedMigrations::from_path(repo_root().join("migrations")).unwrap(),
    )
    .unwrap();
    let role = format!("{}_app", db.name);
    conn.batch_execute(&format!(
        "CREATE ROLE \"{role}\" NOLOGIN;
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \"{role}\";
         SET ROLE \"{role}\";"
    ))
    .unwrap();
    Some((db, conn, role))
}

fn drop_role(db: ServerDatabase, mut conn: PgConnection, role: String) {
    conn.batch_execute("RESET ROLE").unwrap();
    drop(conn);
    let admin_url = std::env::var(tablewright_db_tests::POSTGRES_URL).unwrap();
    drop(db);
    PgConnection::establish(&admin_url)
        .unwrap()
        .batch_execute(&format!("DROP ROLE IF EXISTS \"{role}\""))
        .unwrap();
}

fn insert_location(conn: &mut PgConnection, tenant: &str, code: &str) -> QueryResult<usize> {
    conn.transaction(|conn| {
        conn.batch_execute(&format!("SELECT set_config('app.current_tenant_id', '{tenant}', true)"))?;
        diesel::sql_query(format!(
            "INSERT INTO storage_locations (tenant_id, location_code, location_name, location_type)
             VALUES ('{tenant}', '{code}', 'Warehouse {code}', 'WAREHOUSE')"
        ))
        .execute(conn)
    })
}

fn visible(conn: &mut PgConnection, tenant: Option<&str>) -> QueryResult<i64> {
    conn.transaction(|conn| {
        if let Some(tenant) = tenant {
            conn.batch_execute(&format!("SELECT set_config('app.current_tenant_id', '{tenant}', true)"))?;
        }
        count(conn, "SELECT count(*) AS n FROM storage_locations")
    })
}

#[test]
fn tenants_see_only_their_rows_and_an_unset_tenant_sees_none() {
    let Some((db, mut conn, role)) = warehouse() else {
        return;
    };
    insert_location(&mut conn, TENANT_A, "WH-A1").unwrap();
    insert_location(&mut conn, TENANT_A, "WH-A2").unwrap();
    insert_location(&mut conn, TENANT_B, "WH-B1").unwrap();

    assert_eq!(visible(&mut conn, Some(TENANT_A)).unwrap(), 2);
    assert_eq!(visible(&mut conn, Some(TENANT_B)).unwrap(), 1);
    // Never set in this session: no rows, and no error.
    assert_eq!(visible(&mut conn, None).unwrap(), 0);
    // After a transaction-local set_config the setting exists but is empty: still no rows.
    let empty = diesel::sql_query("SELECT current_setting('app.current_tenant_id', true) = '' AS value")
        .get_result::<Flag>(&mut conn)
        .unwrap();
    assert!(empty.value, "the setting is empty after the transaction that set it");
    assert_eq!(visible(&mut conn, None).unwrap(), 0);

    // WITH CHECK: tenant A cannot write a row of tenant B.
    let error = conn
        .transaction(|conn| {
            conn.batch_execute(&format!("SELECT set_config('app.current_tenant_id', '{TENANT_A}', true)"))?;
            diesel::sql_query(format!(
                "INSERT INTO storage_locations (tenant_id, location_code, location_name, location_type) VALUES ('{TENANT_B}', 'X', 'X', 'ZONE')"
            ))
            .execute(conn)
        })
        .unwrap_err()
        .to_string();
    assert!(error.contains("row-level security"), "{error}");

    // Nor move its rows to tenant B, nor touch tenant B's rows.
    let moved = conn.transaction(|conn| {
        conn.batch_execute(&format!(
            "SELECT set_config('app.current_tenant_id', '{TENANT_A}', true)"
        ))?;
        diesel::sql_query(format!(
            "UPDATE storage_locations SET tenant_id = '{TENANT_B}' WHERE location_code = 'WH-A1'"
        ))
        .execute(conn)
    });
    assert!(moved.is_err(), "moving a row to another tenant must fail");
    let touched = conn
        .transaction(|conn| {
            conn.batch_execute(&format!(
                "SELECT set_config('app.current_tenant_id', '{TENANT_A}', true)"
            ))?;
            diesel::sql_query("DELETE FROM storage_locations WHERE location_code = 'WH-B1'").execute(conn)
        })
        .unwrap();
    assert_eq!(touched, 0);
    assert_eq!(visible(&mut conn, Some(TENANT_B)).unwrap(), 1);
    drop_role(db, conn, role);
}

#[test]
fn updated_at_is_maintained_by_the_trigger() {
    let Some((db, mut conn, role)) = warehouse() else {
        return;
    };
    insert_location(&mut conn, TENANT_A, "WH-1").unwrap();
    let changed = conn
        .transaction(|conn| {
            conn.batch_execute(&format!(
                "SELECT set_config('app.current_tenant_id', '{TENANT_A}', true);
                 UPDATE storage_locations SET updated_at = '2000-01-01', created_at = '2000-01-01';"
            ))?;
            // The trigger overrode the explicit value with now().
            diesel::sql_query("SELECT (updated_at > now() - interval '1 minute' AND created_at < '2001-01-01') AS value FROM storage_locations")
                .get_result::<Flag>(conn)
        })
        .unwrap();
    assert!(changed.value);
    drop_role(db, conn, role);
}

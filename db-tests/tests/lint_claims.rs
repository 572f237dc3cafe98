//! What the migration linter tells users about PostgreSQL, checked on a real server: which
//! statements PostgreSQL refuses inside a transaction block (`refused-in-transaction`), which one
//! it allows there (so diesel-guard's contrary case is documented as no hazard), and that
//! `timestamp` to `timestamptz` rewrites the table except in a UTC session (`changing-column-type`).

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use tablewright_db_tests::ServerDatabase;

#[derive(QueryableByName)]
struct Filenode {
    #[diesel(sql_type = BigInt)]
    node: i64,
}

fn filenode(conn: &mut PgConnection) -> i64 {
    diesel::sql_query("SELECT pg_relation_filenode('scans')::bigint AS node")
        .get_result::<Filenode>(conn)
        .unwrap()
        .node
}

/// The error PostgreSQL gives `sql` run after `BEGIN`, if any (the transaction is rolled back).
fn in_a_transaction(conn: &mut PgConnection, sql: &str) -> Option<String> {
    conn.batch_execute("BEGIN").unwrap();
    let outcome = conn.batch_execute(sql).err().map(|e| e.to_string());
    conn.batch_execute("ROLLBACK").unwrap();
    outcome
}

#[test]
fn postgres_behaves_as_the_linter_says() {
    let Some(db) = ServerDatabase::postgres() else { return };
    let mut conn = PgConnection::establish(&db.url).unwrap();
    conn.batch_execute(
        "CREATE TABLE scans (id int PRIMARY KEY, scanned_at timestamp);
         INSERT INTO scans SELECT g, now() FROM generate_series(1, 100) g;
         CREATE MATERIALIZED VIEW scan_ids AS SELECT id FROM scans;
         CREATE UNIQUE INDEX scan_ids_id ON scan_ids (id);
         CREATE TABLE readings (id int) PARTITION BY RANGE (id);
         CREATE TABLE readings_1 PARTITION OF readings FOR VALUES FROM (1) TO (100);",
    )
    .unwrap();

    // refused-in-transaction: REINDEX SCHEMA/DATABASE and DETACH ... CONCURRENTLY.
    for (sql, words) in [
        (
            "REINDEX SCHEMA public",
            "REINDEX SCHEMA cannot run inside a transaction block",
        ),
        (
            "ALTER TABLE readings DETACH PARTITION readings_1 CONCURRENTLY",
            "DETACH CONCURRENTLY cannot run inside a transaction block",
        ),
    ] {
        let error = in_a_transaction(&mut conn, sql).unwrap_or_else(|| panic!("{sql} ran in a transaction"));
        assert!(error.contains(words), "{sql}: {error}");
    }
    // REFRESH MATERIALIZED VIEW CONCURRENTLY is allowed in one.
    assert_eq!(
        in_a_transaction(&mut conn, "REFRESH MATERIALIZED VIEW CONCURRENTLY scan_ids"),
        None
    );

    // timestamp -> timestamptz: no new file (no rewrite) in a UTC session, a rewrite otherwise.
    let before = filenode(&mut conn);
    conn.batch_execute("BEGIN; SET LOCAL timezone = 'UTC'; ALTER TABLE scans ALTER COLUMN scanned_at TYPE timestamptz")
        .unwrap();
    assert_eq!(filenode(&mut conn), before, "rewritten in a UTC session");
    conn.batch_execute("ROLLBACK").unwrap();
    conn.batch_execute(
        "BEGIN; SET LOCAL timezone = 'Europe/Paris'; ALTER TABLE scans ALTER COLUMN scanned_at TYPE timestamptz",
    )
    .unwrap();
    assert_ne!(filenode(&mut conn), before, "not rewritten outside UTC");
    conn.batch_execute("ROLLBACK").unwrap();
}

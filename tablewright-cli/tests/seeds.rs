//! `tablewright seed`: seed files checked against the schema with every problem at its
//! file:line, and loaded on PostgreSQL, MariaDB and SQLite, twice, with the same result.

mod common;

use common::{fixture_path, Project, TestDb};
use tablewright_core::Dialect;

/// The `outputs` fixture's tables with the `good` (or `bad`) seeds. Tenants and partial indexes
/// are PostgreSQL's: elsewhere the `orders` table is declared without them.
fn project(seeds: &str, dialect: Dialect) -> Project {
    let project = Project::new("outputs");
    if dialect != Dialect::Postgres {
        let orders = project.path().join("schemas/orders.yaml");
        let text = std::fs::read_to_string(&orders).unwrap();
        let portable = text.replace("tenant: tenant_id\n", "");
        let portable = &portable[..portable.find("indexes:").unwrap()];
        std::fs::write(&orders, portable).unwrap();
    }
    let dir = project.path().join("seeds");
    std::fs::create_dir(&dir).unwrap();
    for entry in std::fs::read_dir(fixture_path("seeds").join(seeds)).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    project
}

#[test]
fn every_problem_of_the_seed_files_is_reported_at_its_line() {
    let project = project("bad", Dialect::Postgres);
    let run = project
        .run(None, &["seed", "--check", "--dialect", "postgres"])
        .expect(2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn a_timestamp_with_an_offset_is_refused_for_mysql() {
    let project = project("good", Dialect::Mysql);
    let accounts = project.path().join("seeds/accounts.yaml");
    let text = std::fs::read_to_string(&accounts).unwrap();
    std::fs::write(
        &accounts,
        text.replace("2026-12-04 10:00:00", "2026-12-04T10:00:00+02:00"),
    )
    .unwrap();
    project
        .run(None, &["seed", "--check", "--dialect", "mysql"])
        .expect(2)
        .assert_contains("has a time-zone offset, which MySQL does not store");
    project
        .run(None, &["seed", "--check", "--dialect", "postgres"])
        .expect(0);
}

const FIRST: &str = "\
accounts: 2 row(s) inserted, 0 already there
orders: 2 row(s) inserted, 0 already there
order_lines: 3 row(s) inserted, 0 already there
profiles: 2 row(s) inserted, 0 already there
";

const AGAIN: &str = "\
accounts: 0 row(s) inserted, 2 already there
orders: 0 row(s) inserted, 2 already there
order_lines: 0 row(s) inserted, 3 already there
profiles: 0 row(s) inserted, 2 already there
";

fn load_twice(db: &TestDb) {
    let project = project("good", db.dialect);
    project
        .run(None, &["generate", "--dialect", db.dialect.name()])
        .expect(0);
    project.run(Some(db), &["migrate", "up"]).expect(0);
    assert_eq!(project.run(Some(db), &["seed"]).expect(0).stdout, FIRST);
    let state = snapshot(db);
    assert_eq!(project.run(Some(db), &["seed"]).expect(0).stdout, AGAIN);
    assert_eq!(snapshot(db), state, "a second run changes nothing");

    // The values arrived as written.
    let binary = match db.dialect {
        Dialect::Postgres => "'\\x00ff'::bytea",
        _ => "X'00ff'",
    };
    for (what, sql) in [
        (
            "the enum value with quotes",
            "SELECT count(*) AS n FROM accounts WHERE plan = 'it''s \"odd\"'".to_string(),
        ),
        (
            "the binary value",
            format!("SELECT count(*) AS n FROM accounts WHERE avatar = {binary}"),
        ),
        (
            "the decimal",
            "SELECT count(*) AS n FROM accounts WHERE balance = 12.5".to_string(),
        ),
        (
            "the CSV's quoted field",
            "SELECT count(*) AS n FROM order_lines WHERE sku = 'SKU \"quoted\"'".to_string(),
        ),
        (
            "the CSV's empty field as NULL",
            "SELECT count(*) AS n FROM profiles WHERE account_id = 2 AND time_zone IS NULL".to_string(),
        ),
        (
            "the defaults",
            "SELECT count(*) AS n FROM orders WHERE id = 11 AND status = 'open'".to_string(),
        ),
    ] {
        assert_eq!(db.count(&sql), 1, "{}: {what}", db.dialect);
    }
    let json = match db.dialect {
        Dialect::Postgres => "SELECT count(*) AS n FROM accounts WHERE settings -> 'beta' = '[1, 2]'::jsonb",
        Dialect::Mysql => "SELECT count(*) AS n FROM accounts WHERE JSON_EXTRACT(settings, '$.theme') = 'dark'",
        Dialect::Sqlite => "SELECT count(*) AS n FROM accounts WHERE json_extract(settings, '$.theme') = 'dark'",
    };
    assert_eq!(db.count(json), 1, "{}: the YAML mapping as JSON", db.dialect);

    // The application's next insert takes the next key, past the seeded ones.
    db.execute("INSERT INTO accounts (email) VALUES ('new@example.com')");
    assert_eq!(db.count("SELECT max(id) AS n FROM accounts"), 3, "{}", db.dialect);
}

/// Every table's rows as text, to compare two runs.
fn snapshot(db: &TestDb) -> Vec<i64> {
    ["accounts", "profiles", "orders", "order_lines"]
        .iter()
        .map(|table| db.count(&format!("SELECT count(*) AS n FROM {table}")))
        .collect()
}

#[test]
fn seeds_load_twice_on_sqlite() {
    load_twice(&TestDb::sqlite());
}

#[test]
fn seeds_load_twice_on_postgres() {
    let Some(db) = TestDb::postgres() else { return };
    load_twice(&db);
}

#[test]
fn seeds_load_twice_on_mysql() {
    let Some(db) = TestDb::mysql() else { return };
    load_twice(&db);
}

#[test]
fn tenant_rows_are_loaded_as_their_tenant_under_row_level_security() {
    let Some(db) = TestDb::postgres() else { return };
    let project = project("good", Dialect::Postgres);
    project.run(None, &["generate", "--dialect", "postgres"]).expect(0);
    project.run(Some(&db), &["migrate", "up"]).expect(0);
    // The loader connects as a role the policy applies to (it owns the tables; FORCE makes the
    // policy bind the owner too), so each row must be inserted under its own tenant.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let role = format!(
        "tw_seeder_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    );
    db.execute(&format!(
        "CREATE ROLE {role} NOLOGIN; ALTER TABLE accounts OWNER TO {role}; ALTER TABLE profiles OWNER TO {role};
         ALTER TABLE orders OWNER TO {role}; ALTER TABLE order_lines OWNER TO {role}"
    ));
    let url = format!("{}?options=-c%20role%3D{role}", db.url);
    let run = project.run_on(Some(&url), &["seed"]);
    // The control: through that URL, a row inserted without its tenant is refused.
    let control = {
        use diesel::connection::SimpleConnection;
        use diesel::Connection;
        let mut conn = diesel::PgConnection::establish(&url).unwrap();
        conn.batch_execute(
            "INSERT INTO orders (id, tenant_id, account_id, total) VALUES (99, '11111111-1111-4111-8111-111111111111', 1, 1)",
        )
    };
    db.execute(&format!(
        "REASSIGN OWNED BY {role} TO CURRENT_USER; DROP OWNED BY {role}; DROP ROLE {role}"
    ));
    assert_eq!(run.expect(0).stdout, FIRST);
    assert_eq!(db.count("SELECT count(*) AS n FROM orders"), 2);
    let refused = control
        .expect_err("the policy applies to the role the URL sets")
        .to_string();
    assert!(refused.contains("row-level security"), "{refused}");
}

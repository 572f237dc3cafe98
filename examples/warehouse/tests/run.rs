//! Runs the example binary against a fresh PostgreSQL database (TABLEWRIGHT_TEST_POSTGRES_URL).

use std::process::Command;

use tablewright_db_tests::ServerDatabase;

#[test]
fn each_tenant_sees_only_its_lots() {
    let Some(db) = ServerDatabase::postgres() else { return };
    let role = format!("{}_app", db.name);
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_warehouse"))
            .env("DATABASE_URL", &db.url)
            .env("WAREHOUSE_APP_ROLE", &role)
            .output()
            .unwrap()
    };
    let first = run();
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(stdout.contains("1 migration(s) applied"), "{stdout}");
    assert!(stdout.contains("Acme sees 2 lot(s):"), "{stdout}");
    assert!(stdout.contains("Globex sees 2 lot(s):"), "{stdout}");
    assert!(stdout.contains("L-1001 [QUARANTINE] qty 250.000 at WH-01"), "{stdout}");
    assert!(stdout.contains("no tenant set: 0 lot(s) visible"), "{stdout}");

    // A second start finds nothing to apply; its tenants are new ones, each seeing its own 2 lots.
    let second = run();
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(second.status.success(), "{stdout}");
    assert!(stdout.contains("0 migration(s) applied"), "{stdout}");
    assert!(
        stdout.contains("Acme sees 2 lot(s):"),
        "the second run's tenants are new tenants: {stdout}"
    );

    drop(db);
    let admin = std::env::var(tablewright_db_tests::POSTGRES_URL).unwrap();
    use diesel::connection::SimpleConnection;
    use diesel::Connection;
    diesel::PgConnection::establish(&admin)
        .unwrap()
        .batch_execute(&format!("DROP ROLE IF EXISTS \"{role}\""))
        .unwrap();
}

//! `tablewright check-isolation` on PostgreSQL: silent on the policy Tablewright generates,
//! and naming each way through when the policy or the table's settings are broken.

mod common;

use common::{Project, TestDb};

/// A role that owns the tenant table, as in production (not a superuser), dropped afterwards.
struct Owner<'a> {
    db: &'a TestDb,
    name: String,
}

impl<'a> Owner<'a> {
    fn of(db: &'a TestDb, table: &str) -> Owner<'a> {
        // Roles belong to the server, not the test's database: the name is unique per test.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let name = format!("tw_owner_{}_{n}_{table}", std::process::id());
        db.execute(&format!(
            "DROP ROLE IF EXISTS {name}; CREATE ROLE {name} NOLOGIN; ALTER TABLE {table} OWNER TO {name}"
        ));
        Owner { db, name }
    }
}

impl Drop for Owner<'_> {
    fn drop(&mut self) {
        let name = &self.name;
        self.db.execute(&format!(
            "REASSIGN OWNED BY {name} TO CURRENT_USER; DROP OWNED BY {name}; DROP ROLE {name}"
        ));
    }
}

fn migrated() -> Option<(Project, TestDb)> {
    let db = TestDb::postgres()?;
    let project = Project::new("outputs");
    project.run(None, &["generate", "--dialect", "postgres"]).expect(0);
    project.run(Some(&db), &["migrate", "up"]).expect(0);
    Some((project, db))
}

fn check(project: &Project, db: &TestDb) -> common::Run {
    project.run(Some(db), &["check-isolation"])
}

fn leaks(run: &common::Run) -> Vec<String> {
    let mut leaks: Vec<String> = (run.stdout.lines())
        .filter_map(|l| l.trim().strip_prefix("LEAK orders: "))
        .map(str::to_string)
        .collect();
    leaks.sort();
    leaks
}

#[test]
fn the_generated_policy_holds_as_another_role_and_as_the_owner() {
    let Some((project, db)) = migrated() else { return };
    let _owner = Owner::of(&db, "orders");
    let run = check(&project, &db).expect(0);
    run.assert_contains("checked 1 tenant table(s) with 24 probe(s)")
        .assert_contains("no leak");
    // Nothing stays behind: no probe row, no probe role.
    assert_eq!(db.count("SELECT count(*) AS n FROM orders"), 0);
    assert_eq!(
        db.count("SELECT count(*) AS n FROM pg_roles WHERE rolname LIKE 'tw_isolation_probe%'"),
        0
    );
}

#[test]
fn an_owner_that_bypasses_row_level_security_is_a_leak() {
    // The test's own connection is a superuser, and owns the tables it migrated.
    let Some((project, db)) = migrated() else { return };
    let run = check(&project, &db).expect(1);
    assert_eq!(
        leaks(&run),
        ["as the owner `postgres`, bypasses row-level security (it is a superuser or has BYPASSRLS): every session as the owner sees and writes every tenant's rows"]
            .map(|l| l.replace("postgres", &current_user(&db)))
    );
}

#[test]
fn a_table_that_does_not_force_its_policy_leaks_to_its_owner() {
    let Some((project, db)) = migrated() else { return };
    let _owner = Owner::of(&db, "orders");
    db.execute("ALTER TABLE orders NO FORCE ROW LEVEL SECURITY");
    let run = check(&project, &db).expect(1);
    let leaks = leaks(&run);
    assert!(leaks.iter().all(|l| l.starts_with("as the owner")), "{leaks:#?}");
    for what in [
        "reads another tenant's rows",
        "inserts a row for another tenant",
        "updates another tenant's rows",
        "deletes another tenant's rows",
        "moves its own row to another tenant",
        "reads tenants' rows with the tenant setting unset",
        "inserts a row with the tenant setting empty",
    ] {
        assert!(leaks.iter().any(|l| l.ends_with(what)), "{what}: {leaks:#?}");
    }
    run.assert_contains("leak(s) between tenants");
}

#[test]
fn a_policy_without_its_write_check_lets_inserts_cross_tenants() {
    let Some((project, db)) = migrated() else { return };
    let _owner = Owner::of(&db, "orders");
    // Reads are filtered, writes are not: USING without a WITH CHECK of the same condition.
    db.execute(
        "DROP POLICY orders_tenant_isolation ON orders;
         CREATE POLICY orders_tenant_isolation ON orders
             USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid)
             WITH CHECK (true)",
    );
    let run = check(&project, &db).expect(1);
    let expected = |role: &str| {
        [
            "inserts a row for another tenant",
            "inserts a row with the tenant setting empty",
            "inserts a row with the tenant setting unset",
            // Not "moves its own row": an UPDATE with a WHERE needs the row to stay readable,
            // so PostgreSQL checks the new row against the policy's USING as well.
        ]
        .map(|what| format!("as {role}, {what}"))
    };
    let mut all: Vec<String> = expected("a role that does not own the table").into();
    all.extend(expected(&format!("the owner `{}`", _owner.name)));
    all.sort();
    assert_eq!(leaks(&run), all);
}

#[test]
fn a_policy_that_lets_an_unset_tenant_see_everything_is_caught() {
    let Some((project, db)) = migrated() else { return };
    let _owner = Owner::of(&db, "orders");
    db.execute(
        "DROP POLICY orders_tenant_isolation ON orders;
         CREATE POLICY orders_tenant_isolation ON orders
             USING (current_setting('app.current_tenant_id', true) IS NULL
                    OR tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid)",
    );
    let run = check(&project, &db).expect(1);
    let leaks = leaks(&run);
    for role in [
        "a role that does not own the table".to_string(),
        format!("the owner `{}`", _owner.name),
    ] {
        for what in [
            "reads tenants' rows with the tenant setting unset",
            "inserts a row with the tenant setting unset",
        ] {
            let leak = format!("as {role}, {what}");
            assert!(leaks.contains(&leak), "{leak}: {leaks:#?}");
        }
    }
    assert_eq!(leaks.len(), 4, "{leaks:#?}");
}

#[test]
fn other_databases_are_refused_with_the_reason() {
    let db = TestDb::sqlite();
    let project = Project::new("outputs");
    let run = project.run(Some(&db), &["check-isolation"]).expect(2);
    run.assert_contains("check-isolation probes PostgreSQL's row-level security");
}

fn current_user(db: &TestDb) -> String {
    use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl};
    #[derive(QueryableByName)]
    struct User {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    let mut conn = PgConnection::establish(&db.url).unwrap();
    diesel::sql_query("SELECT current_user::text AS name")
        .get_result::<User>(&mut conn)
        .unwrap()
        .name
}

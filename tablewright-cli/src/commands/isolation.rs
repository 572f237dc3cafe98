//! `check-isolation`: tries, on a live PostgreSQL database, to cross from one tenant into
//! another in every tenant table of the schema, and reports each way through.
//!
//! Everything happens in one transaction per table and role that is rolled back: two probe rows
//! (tenants A and B) are inserted by the connecting role; then each probe runs in a savepoint as
//! the role under test, with the tenant setting unset, empty or A. Triggers, foreign-key checks
//! included, are off for the whole transaction (`session_replication_role = replica`): no parent
//! rows are needed, and a probe fails only because of row-level security, never because of a
//! missing parent. The database is left as it was, probe role included.

use diesel::connection::SimpleConnection;
use diesel::sql_types::{Bool, Text};
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl};
use tablewright_core::model::{ColumnType, Table};
use tablewright_core::sql::quote;
use tablewright_core::{Dialect, Schema};

use crate::failure::Failure;
use crate::target::connect;

/// One way from one tenant into another.
#[derive(Debug)]
struct Leak {
    table: String,
    role: String,
    what: String,
}

pub fn check_isolation(url: &str, schema: &Schema) -> Result<(), Failure> {
    let tables: Vec<&Table> = (schema.owned_tables())
        .filter(|t| t.is_live() && t.tenant.is_some())
        .collect();
    if tables.is_empty() {
        println!("the schema has no tenant tables: nothing to check");
        return Ok(());
    }
    let mut leaks = Vec::new();
    let mut probes = 0;
    for table in &tables {
        let facts = TableFacts::read(url, table)?;
        let probe_role = format!("tw_isolation_probe_{}", std::process::id());
        let (found, ran) = probe_table(url, table, &facts, Role::Created(&probe_role))?;
        leaks.extend(found);
        probes += ran;
        if facts.owner_bypasses {
            leaks.push(Leak {
                table: table.name.clone(),
                role: format!("the owner `{}`", facts.owner),
                what: "bypasses row-level security (it is a superuser or has BYPASSRLS): every session as the owner sees and writes every tenant's rows".into(),
            });
        } else {
            let (found, ran) = probe_table(url, table, &facts, Role::Owner(&facts.owner))?;
            leaks.extend(found);
            probes += ran;
        }
    }
    println!(
        "checked {} tenant table(s) with {probes} probe(s), as a role that does not own them and as their owner",
        tables.len()
    );
    if leaks.is_empty() {
        println!("no leak: no probe crossed from one tenant into another");
        return Ok(());
    }
    for leak in &leaks {
        println!("  LEAK {}: as {}, {}", leak.table, leak.role, leak.what);
    }
    Err(Failure::found(format!(
        "{} leak(s) between tenants\n  = help: the policy Tablewright generates compares the tenant column with the setting in USING and WITH CHECK, and the table FORCEs row-level security; `tablewright diff` shows where the database differs from it",
        leaks.len()
    )))
}

#[derive(Clone, Copy)]
enum Role<'a> {
    /// A role created for the check, granted every privilege on the table but not owning it.
    Created(&'a str),
    Owner(&'a str),
}

impl Role<'_> {
    fn name(&self) -> &str {
        match self {
            Role::Created(name) | Role::Owner(name) => name,
        }
    }

    fn describe(&self) -> String {
        match self {
            Role::Created(_) => "a role that does not own the table".into(),
            Role::Owner(name) => format!("the owner `{name}`"),
        }
    }
}

/// What the catalog says about a table.
struct TableFacts {
    owner: String,
    owner_bypasses: bool,
    schema: String,
}

#[derive(QueryableByName)]
struct FactsRow {
    #[diesel(sql_type = Text)]
    owner: String,
    #[diesel(sql_type = Bool)]
    owner_bypasses: bool,
    #[diesel(sql_type = Text)]
    schema: String,
}

impl TableFacts {
    fn read(url: &str, table: &Table) -> Result<TableFacts, Failure> {
        let mut conn = connect::<PgConnection>(url)?;
        let sql = format!(
            "SELECT pg_get_userbyid(c.relowner)::text AS owner, (r.rolsuper OR r.rolbypassrls) AS owner_bypasses, n.nspname::text AS schema \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles r ON r.oid = c.relowner \
             WHERE c.oid = to_regclass({})",
            quote::literal(Dialect::Postgres, &quote::ident(Dialect::Postgres, &table.name))
        );
        let rows: Vec<FactsRow> = diesel::sql_query(sql)
            .load(&mut conn)
            .map_err(|e| Failure::error(format!("cannot read the catalog: {e}")))?;
        let row = rows.into_iter().next().ok_or_else(|| {
            Failure::error(format!(
                "table `{}` does not exist in this database\n  = help: apply the migrations first (`tablewright migrate up`)",
                table.name
            ))
        })?;
        Ok(TableFacts {
            owner: row.owner,
            owner_bypasses: row.owner_bypasses,
            schema: row.schema,
        })
    }
}

/// Runs every probe on `table` as `role`, in a transaction it rolls back. Returns the leaks and
/// how many probes ran.
fn probe_table(url: &str, table: &Table, facts: &TableFacts, role: Role<'_>) -> Result<(Vec<Leak>, usize), Failure> {
    let mut conn = connect::<PgConnection>(url)?;
    let mut result = Ok((Vec::new(), 0));
    let outcome = conn.transaction::<(), diesel::result::Error, _>(|conn| {
        result = run_probes(conn, table, facts, role);
        Err(diesel::result::Error::RollbackTransaction)
    });
    match outcome {
        Err(diesel::result::Error::RollbackTransaction) | Ok(()) => result,
        Err(e) => Err(Failure::error(format!("{}: {e}", table.name))),
    }
}

fn run_probes(
    conn: &mut PgConnection,
    table: &Table,
    facts: &TableFacts,
    role: Role<'_>,
) -> Result<(Vec<Leak>, usize), Failure> {
    let ident = |name: &str| quote::ident(Dialect::Postgres, name);
    let lit = |text: &str| quote::literal(Dialect::Postgres, text);
    let name = ident(&table.name);
    let tenant = table.tenant.as_ref().expect("only tenant tables are probed");
    let column = table.column(&tenant.column).expect("checked: the tenant column exists");
    let setup = |conn: &mut PgConnection, sql: &str, what: &str| {
        conn.batch_execute(sql).map_err(|e| {
            Failure::error(format!(
                "{}: cannot {what}: {e}\n  = help: check-isolation needs a role that may create roles, set session_replication_role and SET ROLE to the table's owner (a superuser on a development or test database); it changes nothing, every step is rolled back",
                table.name
            ))
        })
    };
    if let Role::Created(probe) = role {
        setup(
            conn,
            &format!(
                "CREATE ROLE {0} NOLOGIN; GRANT USAGE ON SCHEMA {1} TO {0}; GRANT SELECT, INSERT, UPDATE, DELETE ON {2} TO {0}; GRANT USAGE ON ALL SEQUENCES IN SCHEMA {1} TO {0}",
                ident(probe),
                ident(&facts.schema),
                name
            ),
            "create the probe role",
        )?;
    }
    let (a, b) = (tenant_value(column.ty, 'a'), tenant_value(column.ty, 'b'));
    setup(
        conn,
        "SET LOCAL session_replication_role = replica",
        "turn triggers and foreign-key checks off",
    )?;
    for (i, value) in [(1, &a), (2, &b)] {
        setup(
            conn,
            &insert_row(table, value, i),
            "insert the probe rows (give the table's columns values its checks accept)",
        )?;
    }

    let where_b = format!("{} = {}", ident(&tenant.column), lit(&b));
    let where_a = format!("{} = {}", ident(&tenant.column), lit(&a));
    let probes: Vec<(Setting, Probe)> = vec![
        (
            Setting::Unset,
            Probe::Rows(
                format!("SELECT 1 FROM {name} WHERE {where_a} OR {where_b}"),
                "reads tenants' rows with the tenant setting unset",
            ),
        ),
        (
            Setting::Unset,
            Probe::Succeeds(insert_row(table, &a, 3), "inserts a row with the tenant setting unset"),
        ),
        (
            Setting::Empty,
            Probe::Rows(
                format!("SELECT 1 FROM {name} WHERE {where_a} OR {where_b}"),
                "reads tenants' rows with the tenant setting empty",
            ),
        ),
        (
            Setting::Empty,
            Probe::Succeeds(insert_row(table, &a, 3), "inserts a row with the tenant setting empty"),
        ),
        (
            Setting::Empty,
            Probe::Affects(
                format!("UPDATE {name} SET {0} = {0} WHERE {where_a}", ident(&tenant.column)),
                "updates tenants' rows with the tenant setting empty",
            ),
        ),
        (
            Setting::Empty,
            Probe::Affects(
                format!("DELETE FROM {name} WHERE {where_a}"),
                "deletes tenants' rows with the tenant setting empty",
            ),
        ),
        (
            Setting::A,
            Probe::Rows(
                format!("SELECT 1 FROM {name} WHERE {where_b}"),
                "reads another tenant's rows",
            ),
        ),
        (
            Setting::A,
            Probe::Succeeds(insert_row(table, &b, 3), "inserts a row for another tenant"),
        ),
        (
            Setting::A,
            Probe::Affects(
                format!("UPDATE {name} SET {0} = {0} WHERE {where_b}", ident(&tenant.column)),
                "updates another tenant's rows",
            ),
        ),
        (
            Setting::A,
            Probe::Affects(
                format!("DELETE FROM {name} WHERE {where_b}"),
                "deletes another tenant's rows",
            ),
        ),
        (
            Setting::A,
            Probe::Affects(
                format!(
                    "UPDATE {name} SET {} = {} WHERE {where_a}",
                    ident(&tenant.column),
                    lit(&b)
                ),
                "moves its own row to another tenant",
            ),
        ),
        // The control: the policy must still let a tenant at its own rows, or the probes
        // above prove nothing (a table nobody can read leaks nothing).
        (
            Setting::A,
            Probe::Control(format!("SELECT 1 FROM {name} WHERE {where_a}")),
        ),
    ];
    let mut leaks = Vec::new();
    let count = probes.len();
    for (setting, probe) in probes {
        conn.batch_execute("SAVEPOINT tw_probe").map_err(Failure::error)?;
        conn.batch_execute(&format!("SET LOCAL ROLE {}", ident(role.name())))
            .map_err(|e| Failure::error(format!("{}: cannot SET ROLE {}: {e}", table.name, role.name())))?;
        match setting {
            Setting::Unset => {}
            Setting::Empty => set_tenant(conn, &tenant.setting, "")?,
            Setting::A => set_tenant(conn, &tenant.setting, &a)?,
        }
        let leaked = match &probe {
            Probe::Rows(sql, what) => rows(conn, sql).is_ok_and(|n| n > 0).then_some(*what),
            Probe::Succeeds(sql, what) => conn.batch_execute(sql).is_ok().then_some(*what),
            Probe::Affects(sql, what) => diesel::sql_query(sql)
                .execute(conn)
                .is_ok_and(|n| n > 0)
                .then_some(*what),
            Probe::Control(sql) => (!rows(conn, sql).is_ok_and(|n| n > 0)).then_some(
                "cannot read its own rows: the policy shuts every tenant out, so the other probes prove nothing",
            ),
        };
        conn.batch_execute("ROLLBACK TO SAVEPOINT tw_probe")
            .map_err(Failure::error)?;
        if let Some(what) = leaked {
            leaks.push(Leak {
                table: table.name.clone(),
                role: role.describe(),
                what: what.to_string(),
            });
        }
    }
    Ok((leaks, count))
}

enum Setting {
    Unset,
    Empty,
    A,
}

enum Probe {
    /// A query that must return no row.
    Rows(String, &'static str),
    /// A statement that must fail.
    Succeeds(String, &'static str),
    /// A statement that must change no row (or fail).
    Affects(String, &'static str),
    /// A query that must return a row.
    Control(String),
}

fn set_tenant(conn: &mut PgConnection, setting: &str, value: &str) -> Result<(), Failure> {
    diesel::sql_query("SELECT set_config($1, $2, true)")
        .bind::<Text, _>(setting)
        .bind::<Text, _>(value)
        .execute(conn)
        .map(|_| ())
        .map_err(|e| Failure::error(format!("cannot set {setting}: {e}")))
}

fn rows(conn: &mut PgConnection, sql: &str) -> Result<usize, diesel::result::Error> {
    #[derive(QueryableByName)]
    struct One {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        #[allow(dead_code)]
        one: i32,
    }
    let sql = format!("SELECT one FROM ({}) AS probe(one)", sql);
    diesel::sql_query(sql).load::<One>(conn).map(|rows| rows.len())
}

/// A row of `table` for `tenant`: the columns the database cannot fill in get a value of their
/// type (the first of an enum's values; `n` keeps unique columns apart).
fn insert_row(table: &Table, tenant: &str, n: u32) -> String {
    let tenant_column = &table.tenant.as_ref().expect("a tenant table").column;
    let mut columns = Vec::new();
    let mut values = Vec::new();
    for column in table.live_columns() {
        let value = if &column.name == tenant_column {
            tenant.to_string()
        } else if column.nullable || column.default.is_some() || column.ty.is_serial() {
            continue;
        } else if let Some(enumerated) = &column.values {
            enumerated.values[0].clone()
        } else {
            sample_value(column.ty, n)
        };
        columns.push(quote::ident(Dialect::Postgres, &column.name));
        values.push(quote::literal(Dialect::Postgres, &value));
    }
    format!(
        "INSERT INTO {} ({}) VALUES ({})",
        quote::ident(Dialect::Postgres, &table.name),
        columns.join(", "),
        values.join(", ")
    )
}

fn sample_value(ty: ColumnType, n: u32) -> String {
    match ty {
        ColumnType::Boolean => "true".into(),
        ColumnType::Text | ColumnType::Varchar(_) => {
            let text = format!("tw{n}");
            match ty {
                ColumnType::Varchar(max) => text.chars().take(max.max(1) as usize).collect(),
                _ => text,
            }
        }
        ColumnType::Date => format!("2000-01-{n:02}"),
        ColumnType::Time(_) => format!("00:00:{n:02}"),
        ColumnType::Timestamp(_) | ColumnType::Timestamptz(_) => format!("2000-01-01 00:00:{n:02}"),
        ColumnType::Uuid => format!("00000000-0000-4000-8000-{n:012}"),
        ColumnType::Json | ColumnType::Jsonb => "{}".into(),
        ColumnType::Binary => format!("\\x{n:02x}"),
        _ => n.to_string(),
    }
}

/// The two probe tenants' values, unlike any real tenant's.
fn tenant_value(ty: ColumnType, which: char) -> String {
    match ty {
        ColumnType::Uuid => format!("00000000-0000-4000-8000-7e4a0000000{which}"),
        ColumnType::Text | ColumnType::Varchar(_) => format!("tw_probe_tenant_{which}"),
        _ => if which == 'a' { "2147480001" } else { "2147480002" }.into(),
    }
}

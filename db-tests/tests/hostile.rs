//! Hostile input on PostgreSQL, MariaDB/MySQL and SQLite: names, literals and expressions that
//! try to break out of the statement they are written into (statement separators, comment
//! openers, every quote form of each database, dollar tags, backslashes). Each case is either
//! created exactly as declared (its literals read back as written, its check refusing what it
//! should) or refused by the checks with a clear error before any SQL exists. Next to each case
//! lives a victim table with one row: it must survive every case, and nothing but the case's own
//! table may appear.

use diesel::query_dsl::RunQueryDsl;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::{MysqlConnection, PgConnection, QueryableByName, SqliteConnection};
use tablewright::{Database, Migrations, Migrator};
use tablewright_core::check::check_schema;
use tablewright_core::diagnostic::{Diagnostic, Diagnostics};
use tablewright_core::dialect::Dialect;
use tablewright_core::model::Schema;
use tablewright_core::plan::plan;
use tablewright_core::render::render;
use tablewright_core::source::yaml::parse_str;
use tablewright_core::sql::quote;
use tablewright_db_tests::{tempdir, ServerDatabase, SqliteDatabase};

/// What a case must come to.
enum Expect {
    /// Created, and these hold.
    Created(Created),
    /// Refused by the checks with one of these codes, on every database.
    Refused(&'static [&'static str]),
}

struct Case {
    name: &'static str,
    /// The YAML of table `h` (with `id` as its primary key, added here).
    columns: String,
    /// Table-level keys after `columns` (checks, indexes, comment, ...).
    extra: &'static str,
    expect: Expect,
}

fn created(columns: &str, extra: &'static str) -> (String, &'static str) {
    (columns.to_string(), extra)
}

/// A case created as declared.
#[derive(Default)]
struct Created {
    /// (column, value) pairs that hold after inserting a row with only `id`.
    defaults: &'static [(&'static str, &'static str)],
    /// (column, value) a row may hold; each is inserted and read back as written.
    accepted: &'static [(&'static str, &'static str)],
    /// (column, value) a check must refuse.
    rejected: &'static [(&'static str, &'static str)],
    /// The table's comment as the database keeps it (PostgreSQL and MySQL; SQLite keeps none).
    comment: Option<&'static str>,
}

fn cases() -> Vec<Case> {
    let case = |name, (columns, extra): (String, &'static str), expect| Case {
        name,
        columns,
        extra,
        expect,
    };
    vec![
        // ---- Literals: quoted by the renderer, so they are stored as written. ----
        case(
            "comment that closes its quote",
            created("", "comment: \"x'); DROP TABLE victim; --\"\n"),
            Expect::Created(Created { comment: Some("x'); DROP TABLE victim; --"), ..Created::default() }),
        ),
        case(
            "comment with a backslash before its quote",
            created("", "comment: \"C:\\\\'); DROP TABLE victim; -- \\\\\"\n"),
            Expect::Created(Created { comment: Some("C:\\'); DROP TABLE victim; -- \\"), ..Created::default() }),
        ),
        case(
            "comment with dollar tags, comment openers and a newline",
            created("", "comment: \"$$ $_$ $t$ */ /* # -- ;\\nDROP TABLE victim; --\"\n"),
            Expect::Created(Created { comment: Some("$$ $_$ $t$ */ /* # -- ;\nDROP TABLE victim; --"), ..Created::default() }),
        ),
        case(
            "string default that closes its quote",
            created("  s: { type: text, default: \"it's'); DROP TABLE victim; --\" }\n", ""),
            Expect::Created(Created { defaults: &[("s", "it's'); DROP TABLE victim; --")], ..Created::default() }),
        ),
        case(
            "string default with backslashes",
            created("  s: { type: varchar(60), default: \"\\\\'); DROP TABLE victim; -- \\\\\" }\n", ""),
            Expect::Created(Created { defaults: &[("s", "\\'); DROP TABLE victim; -- \\")], ..Created::default() }),
        ),
        case(
            "string default with quote characters of every database",
            created("  s: { type: text, default: \"\\\" ` [ ] ' $$ E'\\\\'\" }\n", ""),
            Expect::Created(Created { defaults: &[("s", "\" ` [ ] ' $$ E'\\'")], ..Created::default() }),
        ),
        case(
            "enum values that close their quote",
            created("  kind: { type: varchar(40), values: [\"a'); DROP TABLE victim; --\", \"b\\\\\", \"c$$\"] }\n", ""),
            Expect::Created(Created {
                accepted: &[("kind", "a'); DROP TABLE victim; --"), ("kind", "b\\"), ("kind", "c$$")],
                rejected: &[("kind", "a")],
                ..Created::default()
            }),
        ),
        case(
            "comment with a NUL",
            created("", "comment: \"a\\0b\"\n"),
            Expect::Refused(&["invalid-comment"]),
        ),
        // ---- Names: plain identifiers only. ----
        case(
            "column name that closes its double quote",
            created("  \"a\\\"; DROP TABLE victim; --\": text\n", ""),
            Expect::Refused(&["invalid-identifier"]),
        ),
        case(
            "column name that closes its backtick",
            created("  \"a`; DROP TABLE victim; --\": text\n", ""),
            Expect::Refused(&["invalid-identifier"]),
        ),
        case(
            "column name that closes its bracket",
            created("  \"a]; DROP TABLE victim; --\": text\n", ""),
            Expect::Refused(&["invalid-identifier"]),
        ),
        case(
            "index name with a quote",
            created("  n: integer\n", "indexes:\n  - { name: \"i'; DROP TABLE victim; --\", columns: [n] }\n"),
            Expect::Refused(&["invalid-identifier"]),
        ),
        case(
            "check name with a comment opener",
            created("  n: integer\n", "checks:\n  - { name: \"c /* x\", expr: n > 0 }\n"),
            Expect::Refused(&["invalid-identifier"]),
        ),
        case(
            "native type that ends the column",
            created("  n: { type: text, native_type: { postgres: \"text); DROP TABLE victim; --\", mysql: \"text); DROP TABLE victim; --\", sqlite: \"text); DROP TABLE victim; --\" } }\n", ""),
            Expect::Refused(&["invalid-native-type"]),
        ),
        // ---- Expressions: one expression, read as each database reads it. ----
        case(
            "check that closes its parenthesis",
            created("  n: { type: integer, check: \"n > 0); DROP TABLE victim; --\" }\n", ""),
            Expect::Refused(&["invalid-expression"]),
        ),
        case(
            "check with a statement separator",
            created("  n: { type: integer, check: \"n > 0; DROP TABLE victim\" }\n", ""),
            Expect::Refused(&["invalid-expression"]),
        ),
        case(
            "check with MySQL's backslash escape",
            created("  n: { type: text, check: \"n = '\\\\'' ; DROP TABLE victim; -- '\" }\n", ""),
            Expect::Refused(&["invalid-expression"]),
        ),
        case(
            "check with PostgreSQL's E'' string",
            created("  n: { type: text, check: \"n = E'\\\\'' ; DROP TABLE victim; -- '\" }\n", ""),
            Expect::Refused(&["invalid-expression"]),
        ),
        case(
            "check with a $_$ dollar tag",
            created("  n: { type: text, check: \"n = $_$'$_$; DROP TABLE victim; --'\" }\n", ""),
            Expect::Refused(&["invalid-expression"]),
        ),
        case(
            "check with a plain dollar quote",
            created("  n: { type: text, check: \"n = $$'$$; DROP TABLE victim; --'\" }\n", ""),
            Expect::Refused(&["invalid-expression"]),
        ),
        case(
            "check with SQLite's [name] quoting",
            created("  n: { type: text, check: \"['] ; DROP TABLE victim; -- [']\" }\n", ""),
            Expect::Refused(&["invalid-expression"]),
        ),
        case(
            "check with a MySQL # comment",
            created("  n: { type: integer, check: \"n > 0 # )\" }\n", ""),
            Expect::Refused(&["invalid-expression"]),
        ),
        case(
            "check with a block comment",
            created("  n: { type: integer, check: \"n > 0 /* ) */\" }\n", ""),
            Expect::Refused(&["invalid-expression"]),
        ),
        case(
            "check with an unclosed quote",
            created("  n: { type: text, check: \"n <> 'x\" }\n", ""),
            Expect::Refused(&["invalid-expression"]),
        ),
        case(
            "check with two expressions",
            created("  n: { type: integer, check: \"n > 0 n < 5\" }\n", ""),
            Expect::Refused(&["invalid-expression"]),
        ),
        case(
            "check with a query",
            created("  n: { type: integer, check: \"n IN (SELECT id FROM victim)\" }\n", ""),
            Expect::Refused(&["invalid-expression"]),
        ),
        case(
            "default_sql that ends the statement",
            created("  n: { type: integer, default_sql: \"1); DROP TABLE victim; --\" }\n", ""),
            Expect::Refused(&["invalid-expression"]),
        ),
        case(
            "check whose string holds every breaker",
            created("  s: { type: varchar(40), check: \"s <> '; -- /* */ # $$ \\\"x\\\" ` ]'\" }\n", ""),
            Expect::Created(Created {
                accepted: &[("s", "fine")],
                rejected: &[("s", "; -- /* */ # $$ \"x\" ` ]")],
                ..Created::default()
            }),
        ),
    ]
}

#[derive(QueryableByName)]
struct Value {
    #[diesel(sql_type = Nullable<Text>)]
    v: Option<String>,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn schema(case: &Case) -> (Schema, Vec<Diagnostic>) {
    let yaml = format!(
        "table: h\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\n{}{}",
        case.columns, case.extra
    );
    let (tables, problems) = parse_str(&yaml, None);
    let mut schema = Schema {
        tables,
        ..Default::default()
    };
    schema.resolve_references();
    (schema, problems)
}

/// Runs every case on `dialect`, each on a fresh database from `fresh` with a victim table.
fn run<C>(dialect: Dialect, fresh: impl Fn() -> (String, Box<dyn std::any::Any>))
where
    C: Database,
    diesel::query_builder::SqlQuery:
        diesel::query_dsl::LoadQuery<'static, C, Value> + diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    let mut failures = Vec::new();
    for case in cases() {
        let (url, _keep) = fresh();
        let mut conn = C::establish(&url).unwrap();
        conn.batch_execute("CREATE TABLE victim (id INTEGER PRIMARY KEY); INSERT INTO victim VALUES (1);")
            .unwrap();
        if let Err(failure) = one::<C>(&case, dialect, &url, &mut conn) {
            failures.push(format!("{dialect}, {}: {failure}", case.name));
        }
        let survived = diesel::sql_query("SELECT count(*) AS n FROM victim").get_result::<Count>(&mut conn);
        if !matches!(survived, Ok(Count { n: 1 })) {
            failures.push(format!("{dialect}, {}: the victim table did not survive", case.name));
        }
        let mut tables: Vec<String> = conn
            .catalog()
            .unwrap()
            .tables
            .into_keys()
            .filter(|t| !tablewright_core::catalog::is_bookkeeping_table(t))
            .collect();
        tables.retain(|t| t != "victim" && t != "h");
        if !tables.is_empty() {
            failures.push(format!("{dialect}, {}: other tables appeared: {tables:?}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn one<C>(case: &Case, dialect: Dialect, url: &str, conn: &mut C) -> Result<(), String>
where
    C: Database,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Value>,
{
    let (schema, mut found) = schema(case);
    found.extend(check_schema(&schema, dialect));
    let errors: Vec<&Diagnostic> = found.iter().filter(|d| d.is_error()).collect();
    match &case.expect {
        Expect::Refused(codes) => {
            let clear = errors
                .iter()
                .any(|d| codes.contains(&d.code) && d.help.is_some() && d.origin.line > 0);
            if !clear {
                return Err(format!("expected {codes:?}, found:\n{}", Diagnostics(found)));
            }
            Ok(())
        }
        Expect::Created(Created {
            defaults,
            accepted,
            rejected,
            comment,
        }) => {
            if !errors.is_empty() {
                return Err(format!("refused:\n{}", Diagnostics(found)));
            }
            let plan = plan(&Schema::default(), &schema, dialect).map_err(|d| Diagnostics(d).to_string())?;
            let dir = tempdir();
            for (i, sql) in render(&plan, dialect).iter().enumerate() {
                let folder = dir.path().join(format!("2026010100000{i}_hostile"));
                std::fs::create_dir_all(&folder).unwrap();
                std::fs::write(folder.join("up.sql"), &sql.up).unwrap();
                std::fs::write(folder.join("down.sql"), &sql.down).unwrap();
                std::fs::write(
                    folder.join("metadata.toml"),
                    format!("run_in_transaction = {}\n", sql.run_in_transaction),
                )
                .unwrap();
            }
            Migrator::new(&Migrations::from_dir(dir.path()).unwrap())
                .run::<C>(url)
                .map_err(|e| format!("did not apply: {e}"))?;
            let h = quote::ident(dialect, "h");
            let select = |conn: &mut C, column: &str, id: i64| -> Result<Option<String>, String> {
                diesel::sql_query(format!(
                    "SELECT {} AS v FROM {h} WHERE id = {id}",
                    quote::ident(dialect, column)
                ))
                .get_result::<Value>(conn)
                .map(|row| row.v)
                .map_err(|e| e.to_string())
            };
            if !defaults.is_empty() {
                conn.batch_execute(&format!("INSERT INTO {h} (id) VALUES (1)"))
                    .map_err(|e| e.to_string())?;
                for (column, expected) in defaults.iter() {
                    let got = select(conn, column, 1)?;
                    if got.as_deref() != Some(*expected) {
                        return Err(format!("default of {column}: {got:?}, declared {expected:?}"));
                    }
                }
            }
            for (i, (column, value)) in accepted.iter().enumerate() {
                let id = 100 + i as i64;
                conn.batch_execute(&format!(
                    "INSERT INTO {h} (id, {}) VALUES ({id}, {})",
                    quote::ident(dialect, column),
                    quote::literal(dialect, value)
                ))
                .map_err(|e| format!("{value:?} refused: {e}"))?;
                let got = select(conn, column, id)?;
                if got.as_deref() != Some(*value) {
                    return Err(format!("{column} reads back {got:?}, wrote {value:?}"));
                }
            }
            for (i, (column, value)) in rejected.iter().enumerate() {
                let inserted = conn.batch_execute(&format!(
                    "INSERT INTO {h} (id, {}) VALUES ({}, {})",
                    quote::ident(dialect, column),
                    200 + i,
                    quote::literal(dialect, value)
                ));
                if inserted.is_ok() {
                    return Err(format!("the check let {value:?} in"));
                }
            }
            if let (Some(expected), true) = (comment, dialect != Dialect::Sqlite) {
                let catalog = conn.catalog().map_err(|e| e.to_string())?;
                let got = catalog.tables.get("h").and_then(|t| t.comment.clone());
                if got.as_deref() != Some(*expected) {
                    return Err(format!("comment {got:?}, declared {expected:?}"));
                }
            }
            Ok(())
        }
    }
}

#[test]
fn postgres() {
    let Some(_) = ServerDatabase::postgres() else { return };
    run::<PgConnection>(Dialect::Postgres, || {
        let db = ServerDatabase::postgres().unwrap();
        (db.url.clone(), Box::new(db))
    });
}

#[test]
fn mysql() {
    let Some(_) = ServerDatabase::mysql() else { return };
    run::<MysqlConnection>(Dialect::Mysql, || {
        let db = ServerDatabase::mysql().unwrap();
        (db.url.clone(), Box::new(db))
    });
}

#[test]
fn sqlite() {
    run::<SqliteConnection>(Dialect::Sqlite, || {
        let db = SqliteDatabase::new();
        (db.path.to_str().unwrap().to_string(), Box::new(db))
    });
}

//! Failures a database reports only when a migration runs, caught by the checks instead: each
//! schema below is refused by its rule, and the migration generated from it anyway (planned and
//! rendered without the checks) really fails on the database, with the error the rule foresees.
//! And the other way round: names MySQL takes (a 64-character table name, a 60-character one
//! whose `<table>_pkey` MySQL never creates) pass the checks and apply.

use std::path::Path;

use tablewright::{Database, MigrateError, Migrations, Migrator};
use tablewright_core::check::check_schema;
use tablewright_core::diagnostic::Diagnostics;
use tablewright_core::dialect::Dialect;
use tablewright_core::model::Schema;
use tablewright_core::plan::plan;
use tablewright_core::render::render;
use tablewright_core::source::yaml::parse_str;
use tablewright_db_tests::{tempdir, ServerDatabase, SqliteDatabase};

fn schema(yaml: &str) -> Schema {
    let (tables, problems) = parse_str(yaml, None);
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    let mut schema = Schema {
        tables,
        ..Default::default()
    };
    schema.resolve_references();
    schema
}

/// The migrations that create `schema` on `dialect`, written to `dir` without checking it.
fn write_unchecked(dir: &Path, schema: &Schema, dialect: Dialect) {
    let plan = plan(&Schema::default(), schema, dialect).unwrap_or_else(|d| panic!("{}", Diagnostics(d)));
    for (i, sql) in render(&plan, dialect).iter().enumerate() {
        let folder = dir.join(format!("2026010100000{i}_create"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("up.sql"), &sql.up).unwrap();
        std::fs::write(folder.join("down.sql"), &sql.down).unwrap();
        std::fs::write(
            folder.join("metadata.toml"),
            format!("run_in_transaction = {}\n", sql.run_in_transaction),
        )
        .unwrap();
    }
}

fn apply<C: Database>(url: &str, schema: &Schema, dialect: Dialect) -> Result<tablewright::Report, MigrateError> {
    let dir = tempdir();
    write_unchecked(dir.path(), schema, dialect);
    Migrator::new(&Migrations::from_dir(dir.path()).unwrap()).run::<C>(url)
}

/// `yaml` is refused by `code` on `dialect`, and what it would have generated fails with
/// `database_says`.
#[track_caller]
fn caught<C: Database>(url: &str, dialect: Dialect, yaml: &str, code: &str, database_says: &str) {
    let schema = schema(yaml);
    let found = check_schema(&schema, dialect);
    assert!(
        found.iter().any(|d| d.code == code && d.is_error()),
        "`{code}` expected on {dialect}:\n{}",
        Diagnostics(found)
    );
    match apply::<C>(url, &schema, dialect) {
        Ok(_) => panic!("{dialect} applied what `{code}` refuses:\n{yaml}"),
        Err(e) => assert!(
            e.to_string().contains(database_says),
            "{dialect}: expected {database_says:?} in: {e}"
        ),
    }
}

#[track_caller]
fn passes_and_applies<C: Database>(url: &str, dialect: Dialect, yaml: &str) {
    let schema = schema(yaml);
    let found = check_schema(&schema, dialect);
    assert!(found.is_empty(), "{dialect}:\n{}", Diagnostics(found));
    apply::<C>(url, &schema, dialect).unwrap_or_else(|e| panic!("{dialect}: {e}"));
}

const ID: &str = "  id: { type: bigint, primary_key: true }\n";

/// Every case gets a fresh database: a failed migration may leave objects behind on MySQL.
#[test]
fn mysql() {
    let d = Dialect::Mysql;
    let fresh = || ServerDatabase::mysql();
    let Some(_) = fresh() else { return };
    let run = |yaml: &str, code: &str, says: &str| {
        let db = fresh().unwrap();
        caught::<diesel::MysqlConnection>(&db.url, d, yaml, code, says);
    };
    run(
        &format!("table: notes\ncolumns:\n{ID}  body: varchar(20000)\n"),
        "varchar-too-long",
        "Column length too big for column 'body' (max = 16383)",
    );
    run(
        &format!("table: notes\ncolumns:\n{ID}  a: varchar(8000)\n  b: varchar(8383)\n"),
        "row-too-large",
        "Row size too large",
    );
    run(
        &format!("table: notes\ncolumns:\n{ID}  a: varchar(700)\n  b: varchar(100)\nindexes:\n  - columns: [a, b]\n"),
        "index-key-too-long",
        "Specified key was too long; max key length is 3072 bytes",
    );
    run(
        &format!("table: notes\ncolumns:\n{ID}  Code: varchar(20)\n  code: varchar(20)\n"),
        "names-differ-in-case",
        "Duplicate column name 'code'",
    );
    run(
        &format!("table: __diesel_schema_migrations\ncolumns:\n{ID}"),
        "reserved-name",
        "already exists",
    );

    // What the checks used to refuse, and MySQL takes: a 64-character table name, and a
    // 60-character one whose `<table>_pkey` and trigger names MySQL never creates.
    for length in [64, 60] {
        let db = fresh().unwrap();
        let name = "t".repeat(length);
        let yaml = format!(
            "table: {name}\ncolumns:\n{ID}  changed_at: {{ type: timestamptz, default_sql: now(), set_on_update: true }}\n  code: varchar(20)\nindexes:\n  - {{ name: short, columns: [code], unique: true }}\n"
        );
        passes_and_applies::<diesel::MysqlConnection>(&db.url, d, &yaml);
        let mut conn = <diesel::MysqlConnection as diesel::Connection>::establish(&db.url).unwrap();
        let catalog = conn.catalog().unwrap();
        assert!(
            catalog.tables.contains_key(&name),
            "{length} characters: {:?}",
            catalog.tables.keys().collect::<Vec<_>>()
        );
    }
    // The limits themselves: at them, MySQL creates the tables (a row of 65,528 bytes, a key of
    // 3,072).
    let db = fresh().unwrap();
    passes_and_applies::<diesel::MysqlConnection>(
        &db.url,
        d,
        &format!(
            "table: notes\ncolumns:\n{ID}  a: varchar(8000)\n  b: varchar(8379)\n---\ntable: keyed\ncolumns:\n{ID}  c: varchar(700)\n  e: varchar(68)\nindexes:\n  - columns: [c, e]\n"
        ),
    );
}

#[test]
fn sqlite() {
    let d = Dialect::Sqlite;
    let run = |yaml: &str, code: &str, says: &str| {
        let db = SqliteDatabase::new();
        caught::<diesel::SqliteConnection>(db.path.to_str().unwrap(), d, yaml, code, says);
    };
    run(
        &format!("table: notes\ncolumns:\n{ID}  Code: text\n  code: text\n"),
        "names-differ-in-case",
        "duplicate column name: code",
    );
    run(
        &format!("table: Notes\ncolumns:\n{ID}---\ntable: notes\ncolumns:\n{ID}"),
        "names-differ-in-case",
        "already exists",
    );
    run(
        &format!("table: sqlite_notes\ncolumns:\n{ID}"),
        "reserved-name",
        "reserved for internal use",
    );
    run(
        &format!("table: notes\ncolumns:\n{ID}  code: text\nindexes:\n  - {{ name: sqlite_code, columns: [code] }}\n"),
        "reserved-name",
        "reserved for internal use",
    );
    run(
        &format!("table: __tablewright_ledger\ncolumns:\n{ID}"),
        "reserved-name",
        "already exists",
    );
}

#[test]
fn postgres() {
    let d = Dialect::Postgres;
    let Some(_) = ServerDatabase::postgres() else { return };
    for (name, says) in [
        ("__diesel_schema_migrations", "already exists"),
        // Not `__tablewright_progress`: PostgreSQL creates it only for a migration run outside a
        // transaction, so on a fresh database the clash would come later.
        ("__tablewright_ledger", "already exists"),
    ] {
        let db = ServerDatabase::postgres().unwrap();
        caught::<diesel::PgConnection>(
            &db.url,
            d,
            &format!("table: {name}\ncolumns:\n{ID}"),
            "reserved-name",
            says,
        );
    }
}

//! Import over the whole golden corpus: every schema of every case (`before`, `after`, ...), on
//! every database it is valid for, is built into an empty database, imported back into YAML, and
//! the imported YAML is built into a second empty database. The imported schema must have no
//! drift from the first database, the two databases must have the same catalog (no difference at
//! all), and the import must have nothing it could not express.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use std::cell::Cell;

use diesel::connection::SimpleConnection;
use diesel::{Connection, MysqlConnection, PgConnection, SqliteConnection};
use tablewright::introspect::drift_of;
use tablewright::Database;
use tablewright_core::catalog::{build_sql, import, ImportOptions};
use tablewright_core::check::check_schema;
use tablewright_core::dialect::Dialect;
use tablewright_core::model::Schema;
use tablewright_core::project::Project;
use tablewright_db_tests::{debug_difference, tempdir, ServerDatabase, SqliteDatabase};

/// Every `(case/stage, schema)` of the corpus.
fn schemas() -> Vec<(String, Schema)> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let mut found = Vec::new();
    for case in cases {
        for stage in ["before", "after", "purged", "later"] {
            let Ok(text) = std::fs::read_to_string(case.join(format!("{stage}.yaml"))) else {
                continue;
            };
            let (mut schema, problems) =
                tablewright_core::source::yaml::parse_schema_str(&text, Some(Arc::new("x.yaml".into())));
            assert!(
                problems.iter().all(|d| !d.is_error()),
                "{}: {problems:?}",
                case.display()
            );
            schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
            schema.functions.sort_by_key(|f| f.signature());
            schema.views.sort_by(|a, b| a.name.cmp(&b.name));
            schema.sort_type_objects();
            schema.resolve_references();
            let name = format!("{}/{stage}", case.file_name().unwrap().to_string_lossy());
            found.push((name, schema));
        }
    }
    found
}

fn build<C: Database>(url: &str, schema: &Schema, dialect: Dialect) -> Result<(), String> {
    let statements = build_sql(schema, dialect).map_err(|d| format!("{d:?}"))?;
    let mut conn = C::establish(url).map_err(|e| e.to_string())?;
    for statement in statements {
        conn.batch_execute(&statement)
            .map_err(|e| format!("{statement}: {e}"))?;
    }
    Ok(())
}

/// One schema's round trip; the problems found, if any.
fn round_trip<C: Database>(
    schema: &Schema,
    dialect: Dialect,
    fresh: &dyn Fn() -> (Box<dyn std::any::Any>, String),
) -> Result<(), String> {
    let (_first, source) = fresh();
    build::<C>(&source, schema, dialect).map_err(|e| format!("building the case: {e}"))?;
    let catalog = C::establish(&source).unwrap().catalog().map_err(|e| e.to_string())?;
    let imported = import(&catalog, dialect, &ImportOptions::default());
    if !imported.notes.is_empty() {
        return Err(format!("not imported:\n  {}", imported.notes.join("\n  ")));
    }
    let dir = tempdir();
    for (file, text) in &imported.files {
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    let yaml = || {
        imported
            .files
            .iter()
            .map(|(f, t)| format!("--- {f}\n{t}"))
            .collect::<String>()
    };
    let project = Project {
        schema_dirs: vec![dir.path().to_path_buf()],
        source_dirs: vec![],
        migrations_dir: PathBuf::new(),
        dialect,
    };
    let back = project
        .load()
        .map_err(|d| format!("the imported YAML does not load:\n{d}\n{}", yaml()))?
        .schema;
    let drift = drift_of(&mut C::establish(&source).unwrap(), &back).map_err(|e| e.to_string())?;
    if !drift.is_empty() {
        let lines: Vec<String> = drift.iter().map(|d| format!("  {d}")).collect();
        return Err(format!(
            "the imported schema differs from the database:\n{}\n{}",
            lines.join("\n"),
            yaml()
        ));
    }
    let (_second, rebuilt) = fresh();
    build::<C>(&rebuilt, &back, dialect).map_err(|e| format!("building the imported schema: {e}"))?;
    let again = C::establish(&rebuilt).unwrap().catalog().map_err(|e| e.to_string())?;
    if again != catalog {
        return Err(format!(
            "the database built from the imported schema has another catalog (- the source's, + the rebuilt one's):\n{}",
            debug_difference(&catalog, &again)
        ));
    }
    Ok(())
}

fn corpus<C: Database>(dialect: Dialect, fresh: &dyn Fn() -> (Box<dyn std::any::Any>, String)) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, schema) in schemas() {
        // Stages the checks refuse on this database (a partial index on MySQL, ...) are not built.
        if check_schema(&schema, dialect).iter().any(|d| d.is_error()) {
            continue;
        }
        checked += 1;
        if let Err(problem) = round_trip::<C>(&schema, dialect, fresh) {
            failures.push(format!("{name}: {problem}"));
        }
    }
    eprintln!("{dialect}: {checked} corpus schemas imported and rebuilt");
    assert!(checked > 50, "{dialect}: only {checked} schemas checked");
    assert!(
        failures.is_empty(),
        "{dialect}: {} of {checked} failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// PostgreSQL creates a database slowly: two are reused, each emptied (its schema dropped and
/// created again) before it is handed out.
#[test]
fn postgres() {
    let (Some(a), Some(b)) = (ServerDatabase::postgres(), ServerDatabase::postgres()) else {
        return;
    };
    let urls = [a.url.clone(), b.url.clone()];
    let next = Cell::new(0);
    corpus::<PgConnection>(Dialect::Postgres, &|| {
        let url = urls[next.get() % 2].clone();
        next.set(next.get() + 1);
        PgConnection::establish(&url)
            .unwrap()
            .batch_execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
            .unwrap();
        (Box::new(()), url)
    });
}

#[test]
fn mysql() {
    if ServerDatabase::mysql().is_none() {
        return;
    }
    corpus::<MysqlConnection>(Dialect::Mysql, &|| {
        let db = ServerDatabase::mysql().unwrap();
        let url = db.url.clone();
        (Box::new(db), url)
    });
}

#[test]
fn sqlite() {
    corpus::<SqliteConnection>(Dialect::Sqlite, &|| {
        let db = SqliteDatabase::new();
        let url = db.path.to_str().unwrap().to_string();
        (Box::new(db), url)
    });
}

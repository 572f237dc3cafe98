//! Real-world schemas (issue 11, item 5): each fixture under `real-schemas/<app>/<database>/` is
//! a history of hand-written migrations, written here in the manner of a public application (see
//! `real-schemas/README.md` for which one, and what it uses). For every database a fixture has,
//! the history is applied to an empty database; `import` must express all of it; the imported
//! schema, answered by the fixture's `waive/<table>.yaml` where an existing database is deliberately
//! unusual, must pass the checks and have no drift; the migrations generated from it, applied to
//! a second empty database, must give the same catalog (no difference at all), and no drift.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use diesel::{MysqlConnection, PgConnection, SqliteConnection};
use tablewright::introspect::drift_of;
use tablewright::{Database, Migrations, Migrator};
use tablewright_core::catalog::{import, is_bookkeeping_table, ImportOptions};
use tablewright_core::dialect::Dialect;
use tablewright_core::project::Project;
use tablewright_db_tests::{debug_difference, generate_migrations, tempdir, ServerDatabase, SqliteDatabase};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("real-schemas")
}

/// The `(app, history folder)` of every fixture written for `dialect`.
fn histories(dialect: Dialect) -> Vec<(String, PathBuf)> {
    let folder = match dialect {
        Dialect::Postgres => "postgres",
        Dialect::Mysql => "mysql",
        Dialect::Sqlite => "sqlite",
    };
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(fixtures())
        .expect("db-tests/real-schemas")
        .map(|entry| entry.expect("a fixture folder").path())
        .filter(|app| app.join(folder).is_dir())
        .map(|app| {
            (
                app.file_name().unwrap().to_string_lossy().into_owned(),
                app.join(folder),
            )
        })
        .collect();
    found.sort();
    found
}

/// The history's migrations (`NN-name.sql`), in order.
fn migrations_of(history: &Path) -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(history)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no migrations", history.display());
    files
        .into_iter()
        .map(|f| {
            (
                f.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&f).unwrap(),
            )
        })
        .collect()
}

/// The fixture's waivers, by table (`waive/<table>.yaml`, each a `waive:` block): what a team
/// adopting its database adds to the imported YAML to answer the checks the database does not
/// follow on purpose.
fn waivers_of(history: &Path) -> BTreeMap<String, String> {
    let Ok(files) = std::fs::read_dir(history.join("waive")) else {
        return BTreeMap::new();
    };
    files
        .map(|e| e.unwrap().path())
        .map(|path| {
            let table = path.file_stem().unwrap().to_string_lossy().into_owned();
            (table, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

fn run_sql<C: Database>(url: &str, sql: &str) -> Result<(), String> {
    let mut conn = C::establish(url).map_err(|e| e.to_string())?;
    conn.batch_execute(sql).map_err(|e| e.to_string())
}

/// One fixture's round trip on one database; the problem found, if any.
fn round_trip<C: Database>(
    history: &Path,
    dialect: Dialect,
    fresh: &dyn Fn() -> (Box<dyn std::any::Any>, String),
) -> Result<(), String> {
    let (_original, source) = fresh();
    for (name, sql) in migrations_of(history) {
        run_sql::<C>(&source, &sql).map_err(|e| format!("applying the fixture's {name}: {e}"))?;
    }
    let catalog = C::establish(&source).unwrap().catalog().map_err(|e| e.to_string())?;
    let imported = import(&catalog, dialect, &ImportOptions::default());
    if !imported.notes.is_empty() {
        return Err(format!("import could not express:\n  {}", imported.notes.join("\n  ")));
    }
    let schemas = tempdir();
    let mut waivers = waivers_of(history);
    for (file, text) in &imported.files {
        let table = file.trim_end_matches(".yaml");
        let text = match waivers.remove(table) {
            Some(waive) => format!("{text}{waive}"),
            None => text.clone(),
        };
        std::fs::write(schemas.path().join(file), text).unwrap();
    }
    if let Some(table) = waivers.keys().next() {
        return Err(format!("waive/{table}.yaml answers a table import did not write"));
    }
    let listing = || {
        std::fs::read_dir(schemas.path())
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                format!("--- {}\n{}", path.display(), std::fs::read_to_string(&path).unwrap())
            })
            .collect::<String>()
    };
    let project = Project {
        schema_dirs: vec![schemas.path().to_path_buf()],
        source_dirs: vec![],
        migrations_dir: PathBuf::new(),
        dialect,
    };
    let schema = project
        .load()
        .map_err(|d| format!("the imported schema does not pass the checks:\n{d}\n{}", listing()))?
        .schema;
    let drift = drift_of(&mut C::establish(&source).unwrap(), &schema).map_err(|e| e.to_string())?;
    if !drift.is_empty() {
        let lines: Vec<String> = drift.iter().map(|d| format!("  {d}")).collect();
        return Err(format!(
            "the imported schema differs from the database:\n{}",
            lines.join("\n")
        ));
    }

    let generated = tempdir();
    let folder = generated.path().join("migrations");
    generate_migrations(&folder, dialect, &schema, 0);
    let migrations = Migrations::from_dir(&folder).map_err(|e| e.to_string())?;
    let (_rebuilt, target) = fresh();
    Migrator::new(&migrations)
        .run::<C>(&target)
        .map_err(|e| format!("applying the generated migrations: {e}"))?;
    let mut again = C::establish(&target).unwrap().catalog().map_err(|e| e.to_string())?;
    again.tables.retain(|name, _| !is_bookkeeping_table(name));
    if again != catalog {
        return Err(format!(
            "the database built from the generated migrations has another catalog (- the fixture's, + the generated one's):\n{}",
            debug_difference(&catalog, &again)
        ));
    }
    let drift = drift_of(&mut C::establish(&target).unwrap(), &schema).map_err(|e| e.to_string())?;
    if !drift.is_empty() {
        let lines: Vec<String> = drift.iter().map(|d| format!("  {d}")).collect();
        return Err(format!(
            "the generated database differs from the schema:\n{}",
            lines.join("\n")
        ));
    }
    Ok(())
}

fn every_fixture<C: Database>(dialect: Dialect, fresh: &dyn Fn() -> (Box<dyn std::any::Any>, String)) {
    let histories = histories(dialect);
    assert!(!histories.is_empty(), "{dialect}: no real-schema fixture");
    let failures: Vec<String> = histories
        .iter()
        .filter_map(|(app, history)| {
            let outcome = round_trip::<C>(history, dialect, fresh);
            // A fixture that needs what Tablewright cannot express yet says so in `PENDING`: the
            // text its one known failure contains. It must fail exactly so, and once it passes,
            // the file goes.
            let pending = std::fs::read_to_string(history.parent().unwrap().join("PENDING")).ok();
            match (outcome, pending) {
                (Ok(()), None) => None,
                (Err(e), None) => Some(format!("{app}: {e}")),
                (Ok(()), Some(_)) => Some(format!("{app} passes now: remove its PENDING file")),
                (Err(e), Some(known)) if e.contains(known.trim()) => {
                    eprintln!("{dialect}: {app} is pending, failing as known: {}", known.trim());
                    None
                }
                (Err(e), Some(known)) => Some(format!("{app} (pending on `{}`) fails otherwise: {e}", known.trim())),
            }
        })
        .collect();
    eprintln!(
        "{dialect}: {} real schemas checked (pending ones as known)",
        histories.len()
    );
    assert!(failures.is_empty(), "{dialect}:\n{}", failures.join("\n\n"));
}

#[test]
fn postgres() {
    if ServerDatabase::postgres().is_none() {
        return;
    }
    every_fixture::<PgConnection>(Dialect::Postgres, &|| {
        let db = ServerDatabase::postgres().unwrap();
        let url = db.url.clone();
        (Box::new(db), url)
    });
}

#[test]
fn mysql() {
    if ServerDatabase::mysql().is_none() {
        return;
    }
    every_fixture::<MysqlConnection>(Dialect::Mysql, &|| {
        let db = ServerDatabase::mysql().unwrap();
        let url = db.url.clone();
        (Box::new(db), url)
    });
}

#[test]
fn sqlite() {
    every_fixture::<SqliteConnection>(Dialect::Sqlite, &|| {
        let db = SqliteDatabase::new();
        let url = db.path.to_str().unwrap().to_string();
        (Box::new(db), url)
    });
}

//! Every change class of `tablewright_db_tests::load::CLASSES`, generated and applied by the real
//! `Migrator` while writer threads update every column of a small table and insert rows, on
//! PostgreSQL and on MariaDB/MySQL. For each class:
//!
//! - no write fails (a NULL written into the column the change makes NOT NULL may be refused once
//!   the change is complete, as the final schema says, and a renamed name is followed: see
//!   `load.rs`);
//! - the writers wrote while the migrations ran (otherwise the class proved nothing);
//! - no write is lost: the row count and the sums of the two counters the writers increment
//!   match what the writers did;
//! - the database ends with the declared catalog (no drift from the schema after the change);
//! - the generated migrations lint clean.
//!
//! `*_rows_that_stop_a_change`: a row the change cannot take (a value a narrowing cannot hold, a
//! row breaking a new check) stops the Migrator with the reason, while half of the writes go to
//! that row's other columns: none of them fails, none is lost.
//!
//! Classes run a few at a time, each on a database of its own. `TABLEWRIGHT_LOAD_CLASSES=a,b`
//! runs only the classes named.

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use diesel::{MysqlConnection, PgConnection};
use tablewright::{Database, Migrations, Migrator};
use tablewright_core::dialect::Dialect;
use tablewright_db_tests::load::{schema, seed_statements, Class, Conn, Phase, Workload, Writers, CLASSES};
use tablewright_db_tests::{generate_migrations, ServerDatabase};

/// Rows of `items` each class starts with.
const ROWS: i64 = 3000;
/// Writer threads per class.
const WRITERS: usize = 3;
/// Classes applied at the same time (each on its own database).
const AT_ONCE: usize = 3;
/// How long the writers write before the change and after it.
const AROUND: Duration = Duration::from_millis(150);
/// Fewer successful writes than this while the migrations ran, and the class proved nothing.
const MIN_WRITES_DURING: u64 = 5;

#[test]
fn postgres() {
    if ServerDatabase::postgres().is_none() {
        return;
    }
    every_class(Dialect::Postgres);
}

#[test]
fn mysql() {
    if ServerDatabase::mysql().is_none() {
        return;
    }
    every_class(Dialect::Mysql);
}

/// A class applied under load: plainly, or with a row that stops it.
struct Scenario {
    class: &'static Class,
    /// The column and statement that give a row a value the change cannot take (run after
    /// seeding); the writers go on writing that row's other columns.
    trouble: Option<(&'static str, &'static str)>,
    /// The Migrator must fail with this in its message (and the writes still must not).
    fails_with: Option<&'static str>,
}

impl Scenario {
    fn plain(class: &'static Class) -> Scenario {
        Scenario {
            class,
            trouble: None,
            fails_with: None,
        }
    }
}

/// The row every trouble statement spoils; half of the writes go to it.
const TROUBLED_ROW: i64 = 7;

/// A row whose value the change cannot take stops the migration, never the application's writes
/// to that row's other columns.
#[test]
fn postgres_rows_that_stop_a_change() {
    if ServerDatabase::postgres().is_none() {
        return;
    }
    troubled(
        Dialect::Postgres,
        &[
            (
                "retype_narrowing",
                ("big", "UPDATE items SET big = 5000000000 WHERE id = 7"),
                "integer out of range",
            ),
            (
                "check_add",
                ("qty", "UPDATE items SET qty = -5 WHERE id = 7"),
                "rows of items break items_qty_check",
            ),
            (
                "enum_remove_value",
                ("status", "UPDATE items SET status = 'done' WHERE id = 7"),
                "rows of items break items_status_check",
            ),
        ],
    );
}

#[test]
fn mysql_rows_that_stop_a_change() {
    if ServerDatabase::mysql().is_none() {
        return;
    }
    troubled(
        Dialect::Mysql,
        &[
            (
                "retype_narrowing",
                ("big", "UPDATE items SET big = 5000000000 WHERE id = 7"),
                "Out of range value",
            ),
            (
                "check_add",
                ("qty", "UPDATE items SET qty = -5 WHERE id = 7"),
                "items_qty_check",
            ),
            (
                "enum_remove_value",
                ("status", "UPDATE items SET status = 'done' WHERE id = 7"),
                "items_status_check",
            ),
        ],
    );
}

/// `(class, (column, statement spoiling a row's value of it), what the Migrator stops with)`.
type Trouble = (&'static str, (&'static str, &'static str), &'static str);

fn troubled(dialect: Dialect, cases: &[Trouble]) {
    let scenarios = cases
        .iter()
        .map(|(name, trouble, fails_with)| Scenario {
            class: CLASSES.iter().find(|c| c.name == *name).expect("a class of load.rs"),
            trouble: Some(*trouble),
            fails_with: Some(*fails_with),
        })
        .collect();
    run_all(dialect, scenarios);
}

fn every_class(dialect: Dialect) {
    // TABLEWRIGHT_LOAD_CLASSES=not_null,unique_add runs only those.
    let only = std::env::var("TABLEWRIGHT_LOAD_CLASSES").unwrap_or_default();
    let chosen = |c: &&Class| only.is_empty() || only.split(',').any(|name| name.trim() == c.name);
    let scenarios = CLASSES
        .iter()
        .filter(|c| c.dialects.contains(&dialect))
        .filter(chosen)
        .map(Scenario::plain)
        .collect();
    run_all(dialect, scenarios);
}

/// Runs the scenarios, a few at a time, and fails with every one that failed.
fn run_all(dialect: Dialect, scenarios: Vec<Scenario>) {
    let started = Instant::now();
    let queue: Mutex<Vec<Scenario>> = Mutex::new(scenarios.into_iter().rev().collect());
    let results: Mutex<Vec<(&str, Result<String, String>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..AT_ONCE {
            scope.spawn(|| loop {
                let Some(scenario) = queue.lock().unwrap().pop() else {
                    break;
                };
                let class = scenario.class;
                let result = std::panic::catch_unwind(|| under_load(dialect, &scenario)).unwrap_or_else(|panic| {
                    Err(panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default())
                });
                results.lock().unwrap().push((class.name, result));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(name, _)| CLASSES.iter().position(|c| c.name == *name));
    eprintln!(
        "\n{dialect}: {} change(s) under write load in {:.1?}",
        results.len(),
        started.elapsed()
    );
    for (name, result) in &results {
        match result {
            Ok(report) => eprintln!("  ok      {name}: {report}"),
            Err(_) => eprintln!("  FAILED  {name}"),
        }
    }
    let failed: Vec<String> = results
        .iter()
        .filter_map(|(name, r)| r.as_ref().err().map(|e| format!("{name}: {e}")))
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} classes failed under write load on {dialect}:\n\n{}",
        failed.len(),
        results.len(),
        failed.join("\n\n")
    );
}

/// One class on a database of its own; a line for the report, or what went wrong.
fn under_load(dialect: Dialect, scenario: &Scenario) -> Result<String, String> {
    let class = scenario.class;
    let db = match dialect {
        Dialect::Postgres => ServerDatabase::postgres(),
        _ => ServerDatabase::mysql(),
    }
    .expect("checked before");
    let url = db.url.as_str();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("migrations");

    let before = schema(&[]);
    let after = class.after();
    generate_migrations(&folder, dialect, &before, 0);
    migrate(dialect, &folder, url).map_err(|e| format!("applying the schema before: {e}"))?;
    let mut conn = Conn::establish(dialect, url);
    for statement in seed_statements(ROWS)
        .iter()
        .map(String::as_str)
        .chain(scenario.trouble.map(|(_, statement)| statement))
    {
        conn.execute(statement).map_err(|e| format!("seeding: {e}"))?;
    }
    let seeded_qty = conn.sum("items", "qty");
    let seeded_big = conn.sum("items", "big");

    // Explicit NULLs into a column MySQL is making NOT NULL stop its MODIFY (docs/migrations.md).
    let null_writes = dialect == Dialect::Postgres || class.made_not_null.is_none();
    let workload = Workload {
        rows: ROWS,
        class: *class,
        null_writes,
        hot_row: scenario.trouble.map(|(column, _)| (TROUBLED_ROW, column)),
    };
    let writers = Writers::start(dialect, url, WRITERS, &workload);
    std::thread::sleep(AROUND);
    let written = generate_migrations(&folder, dialect, &after, 1);
    writers.set_phase(Phase::During);
    let began = Instant::now();
    let migrated = migrate(dialect, &folder, url);
    let took = began.elapsed();
    writers.set_phase(Phase::After);
    std::thread::sleep(AROUND);
    let tally = writers.stop();

    let mut problems = Vec::new();
    let each = match (migrated, scenario.fails_with) {
        (Ok(each), None) => each,
        (Err(e), Some(expected)) if e.contains(expected) => Vec::new(),
        (Ok(_), Some(expected)) => {
            problems.push(format!(
                "the Migrator succeeded, but it should have stopped with `{expected}`"
            ));
            Vec::new()
        }
        (Err(e), _) => {
            problems.push(format!("the Migrator failed: {e}"));
            Vec::new()
        }
    };
    if written == 0 {
        problems.push("the change wrote no migration".into());
    }
    // What runs here is what a build writes, and it lints clean.
    let findings = tablewright_lint::lint_path(&folder, dialect, &tablewright_lint::Options::default())
        .map_err(|e| format!("linting: {e}"))?;
    for finding in findings {
        problems.push(format!("the linter reports [{}] {}", finding.rule, finding.message));
    }
    for (message, n) in &tally.failed {
        problems.push(format!("{n} write(s) failed: {message}"));
    }
    // A change that stops leaves the table as it stopped: the writes after it count too.
    let overlapping = match scenario.fails_with {
        None => tally.writes[Phase::During as usize],
        Some(_) => tally.writes[Phase::During as usize] + tally.writes[Phase::After as usize],
    };
    if overlapping < MIN_WRITES_DURING {
        problems.push(format!(
            "only {overlapping} writes went through while the migrations ran ({took:.1?}): the load did not overlap the change",
        ));
    }
    if tally.refused_by_final_schema > 0 && class.made_not_null.is_none() {
        problems.push("NULL writes were refused, but the change makes no column NOT NULL".into());
    }
    // A change that stopped left the table under its old name.
    let table = if scenario.fails_with.is_some() {
        "items"
    } else {
        class.table()
    };
    let rows = conn.number(&format!("SELECT count(*) AS n FROM {table}"));
    if rows != ROWS + tally.inserted {
        problems.push(format!(
            "{rows} rows, but {ROWS} were seeded and {} inserted",
            tally.inserted
        ));
    }
    for (column, seeded, added) in [
        ("qty", seeded_qty, tally.qty_added),
        ("big", seeded_big, tally.big_added),
    ] {
        let sum = conn.sum(table, column);
        if sum != seeded + added {
            problems.push(format!(
                "sum({column}) is {sum}, but it was seeded {seeded} and the writers added {added}"
            ));
        }
    }
    // A change that stopped halfway matches neither schema.
    let differences = match (scenario.fails_with, dialect) {
        (None, Dialect::Postgres) => PgConnection::drift_from(url, &after),
        (None, _) => MysqlConnection::drift_from(url, &after),
        (Some(_), _) => Vec::new(),
    };
    if !differences.is_empty() {
        problems.push(format!(
            "the database differs from the declared schema:\n{}",
            differences
                .iter()
                .map(|d| format!("    {d}"))
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    if !problems.is_empty() {
        return Err(problems.join("\n  "));
    }
    let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1e3);
    let applied = match scenario.fails_with {
        None => format!(
            "{written} migration(s) in {} ({})",
            ms(took),
            each.iter().map(|d| ms(*d)).collect::<Vec<_>>().join(" + ")
        ),
        Some(reason) => format!("stopped as it should (`{reason}`) after {}", ms(took)),
    };
    Ok(format!(
        "{applied}, {} writes during them (longest {}), {} before and after; 0 failed{}{}",
        tally.writes[Phase::During as usize],
        ms(tally.longest[Phase::During as usize]),
        tally.writes[Phase::Before as usize] + tally.writes[Phase::After as usize],
        match tally.refused_by_final_schema {
            0 => String::new(),
            n => format!(", {n} NULL(s) refused by the completed NOT NULL"),
        },
        match tally.renamed_under_it {
            0 => String::new(),
            n => format!(", {n} write(s) followed the rename"),
        },
    ))
}

trait Catalogued: Database {
    fn drift_from(url: &str, schema: &tablewright_core::Schema) -> Vec<tablewright::introspect::Drift> {
        let mut conn = Self::establish(url).unwrap_or_else(|e| panic!("{url}: {e}"));
        tablewright::introspect::drift_of(&mut conn, schema).unwrap_or_else(|e| panic!("measuring drift: {e}"))
    }
}

impl<C: Database> Catalogued for C {}

/// Applies the pending migrations; how long each took.
fn migrate(dialect: Dialect, folder: &Path, url: &str) -> Result<Vec<Duration>, String> {
    let migrations = Migrations::from_dir(folder).map_err(|e| e.to_string())?;
    let migrator = Migrator::new(&migrations);
    match dialect {
        Dialect::Postgres => migrator.run::<PgConnection>(url),
        _ => migrator.run::<MysqlConnection>(url),
    }
    .map(|report| report.applied.iter().map(|a| a.duration).collect())
    .map_err(|e| e.to_string())
}

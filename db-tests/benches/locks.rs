//! The application's writes while a change runs on a large table: for every change class of
//! `tablewright_db_tests::load::CLASSES`, the migrations Tablewright generates, applied by the
//! real `Migrator`, next to the naive DDL a person would write, each on a fresh copy of the same
//! table while writer threads update every column of random rows and insert rows the whole time
//! (`load::Writers`, the workload of the write-load test).
//!
//! Per class and per way: the longest single write while the change ran, the writes that failed
//! (every failed statement is counted, with its error), the wall time, and for each batched
//! backfill the rows it filled per second. A failed write under a generated plan fails the
//! benchmark (exit code 1) after the table is printed; the naive DDL's failures are reported.
//!
//! Run: `cargo bench -p tablewright-db-tests --bench locks` with TABLEWRIGHT_TEST_POSTGRES_URL set
//! (PostgreSQL, 1,000,000 rows; `TABLEWRIGHT_BENCH_ROWS` changes that), and with
//! TABLEWRIGHT_TEST_MYSQL_URL set also MariaDB/MySQL (200,000 rows, `TABLEWRIGHT_BENCH_MYSQL_ROWS`;
//! generated plans only: MySQL's are the DDL a person would write). `TABLEWRIGHT_LOAD_CLASSES=a,b`
//! runs only those classes. Prints Markdown tables; the figures are recorded in
//! docs/benchmarks.md.

use std::path::Path;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::{Connection, MysqlConnection, PgConnection};
use tablewright::{Migrations, Migrator};
use tablewright_core::dialect::Dialect;
use tablewright_core::plan::{plan, Fill, Step, UnitKind};
use tablewright_db_tests::load::{schema, Class, Conn, Phase, Tally, Workload, Writers, CLASSES, OWNERS};
use tablewright_db_tests::{generate_migrations, ServerDatabase};

const WRITERS: usize = 2;
/// Writing before the change starts, and after it ends.
const SETTLE: Duration = Duration::from_millis(300);

/// The DDL a person would write for a class on PostgreSQL, where it differs from the plan.
fn naive(class: &str) -> Option<&'static str> {
    Some(match class {
        "not_null" => "UPDATE items SET note = '-' WHERE note IS NULL; ALTER TABLE items ALTER COLUMN note SET DEFAULT '-', ALTER COLUMN note SET NOT NULL",
        "not_null_expression_default" => "UPDATE items SET note = concat('n', 'a') WHERE note IS NULL; ALTER TABLE items ALTER COLUMN note SET DEFAULT concat('n', 'a'), ALTER COLUMN note SET NOT NULL",
        "add_column_volatile_default" => "ALTER TABLE items ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid()",
        "check_add" => "ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 0)",
        "foreign_key_add" => "CREATE INDEX idx_items_owner ON items (owner); ALTER TABLE items ADD CONSTRAINT items_owner_fkey FOREIGN KEY (owner) REFERENCES owners (id) ON DELETE RESTRICT",
        "unique_add" => "ALTER TABLE items ADD CONSTRAINT items_code_key UNIQUE (code)",
        "index_add" => "CREATE INDEX idx_items_name ON items (name)",
        "enum_add_value" => "ALTER TABLE items DROP CONSTRAINT items_status_check, ADD CONSTRAINT items_status_check CHECK (status IN ('new', 'open', 'done', 'held'))",
        "enum_remove_value" => "ALTER TABLE items DROP CONSTRAINT items_status_check, ADD CONSTRAINT items_status_check CHECK (status IN ('new', 'open'))",
        "retype_lossless" => "ALTER TABLE items ALTER COLUMN qty TYPE bigint",
        "retype_narrowing_not_null" => "UPDATE items SET note = '-' WHERE note IS NULL; ALTER TABLE items ALTER COLUMN note TYPE varchar(30), ALTER COLUMN note SET DEFAULT '-', ALTER COLUMN note SET NOT NULL",
        "retype_narrowing" => "ALTER TABLE items ALTER COLUMN big TYPE integer",
        "primary_key_change" => "ALTER TABLE items DROP CONSTRAINT items_pkey, ADD PRIMARY KEY (id, owner)",
        _ => return None,
    })
}

/// `rows` items as `load::seed_statements` makes them, in one statement per database.
fn seed(dialect: Dialect, rows: i64) -> String {
    let columns = "INSERT INTO items (id, owner, name, qty, note, code, status, big)";
    match dialect {
        Dialect::Postgres => format!(
            "INSERT INTO owners SELECT g FROM generate_series(1, {OWNERS}) g;
             {columns} SELECT g, 1 + g % {OWNERS}, 'item ' || g, 0, CASE WHEN g % 2 = 1 THEN 'n' || g END,
                 CASE WHEN g % 3 <> 0 THEN 'c' || g END, CASE WHEN g % 2 = 0 THEN 'new' ELSE 'open' END, g * 1000
             FROM generate_series(1, {rows}) g;"
        ),
        // MariaDB's sequence tables.
        _ => format!(
            "INSERT INTO owners SELECT seq FROM seq_1_to_{OWNERS};
             {columns} SELECT seq, 1 + seq % {OWNERS}, CONCAT('item ', seq), 0, IF(seq % 2 = 1, CONCAT('n', seq), NULL),
                 IF(seq % 3 <> 0, CONCAT('c', seq), NULL), IF(seq % 2 = 0, 'new', 'open'), seq * 1000
             FROM seq_1_to_{rows};"
        ),
    }
}

/// One run of one class, one way.
struct Run {
    tally: Tally,
    took: Duration,
    /// How long each migration took (generated runs).
    each: Vec<Duration>,
    /// `column: rows/s` of each backfill migration.
    backfills: Vec<String>,
    /// Why the change itself failed, if it did.
    error: Option<String>,
}

/// What a database gives each run: a fresh copy of the seeded table, and the folder of the
/// migrations that made it.
struct Bench {
    dialect: Dialect,
    rows: i64,
    /// PostgreSQL: the seeded database every run copies. MySQL seeds each run.
    template: Option<ServerDatabase>,
    base: tempfile::TempDir,
}

impl Bench {
    fn new(dialect: Dialect, rows: i64) -> Bench {
        let base = tablewright_db_tests::tempdir();
        generate_migrations(&base.path().join("migrations"), dialect, &schema(&[]), 0);
        let template = (dialect == Dialect::Postgres).then(|| {
            let db = ServerDatabase::postgres().expect("checked before");
            let began = Instant::now();
            self::seeded(dialect, &db.url, base.path(), rows);
            let mut conn = PgConnection::establish(&db.url).unwrap();
            // One at a time: VACUUM refuses the implicit transaction of a batch.
            for statement in ["VACUUM ANALYZE items", "CHECKPOINT"] {
                conn.batch_execute(statement).unwrap();
            }
            eprintln!("{rows} rows seeded in {:.1?}", began.elapsed());
            db
        });
        Bench {
            dialect,
            rows,
            template,
            base,
        }
    }

    /// A database holding the seeded table, and a copy of the migrations folder.
    fn fresh(&self) -> (ServerDatabase, tempfile::TempDir) {
        let folder = tablewright_db_tests::tempdir();
        copy_dir(&self.base.path().join("migrations"), &folder.path().join("migrations"));
        let db = match &self.template {
            Some(template) => template.postgres_copy(),
            None => {
                let db = ServerDatabase::mysql().expect("checked before");
                seeded(self.dialect, &db.url, self.base.path(), self.rows);
                db
            }
        };
        (db, folder)
    }

    fn run(&self, class: &Class, naive_sql: Option<&str>) -> Run {
        let (db, folder) = self.fresh();
        let url = db.url.as_str();
        let migrations_dir = folder.path().join("migrations");
        let after = class.after();
        let planned = plan(&schema(&[]), &after, self.dialect).expect("the class plans");
        let mut conn = Conn::establish(self.dialect, url);
        // Rows each backfill has to fill: the NULLs of an existing column, every row otherwise.
        let to_fill: Vec<Option<(String, i64)>> = planned
            .units
            .iter()
            .map(|unit| match (&unit.kind, unit.steps.first()) {
                (UnitKind::Backfill, Some(Step::Backfill { column, fill, .. })) => {
                    let existing = matches!(fill, Fill::Value(_) | Fill::Default(_))
                        && schema(&[]).table("items").and_then(|t| t.column(column)).is_some();
                    let filter = if existing {
                        format!(" WHERE {column} IS NULL")
                    } else {
                        String::new()
                    };
                    Some((
                        column.clone(),
                        conn.number(&format!("SELECT count(*) AS n FROM items{filter}")),
                    ))
                }
                _ => None,
            })
            .collect();
        if naive_sql.is_none() {
            generate_migrations(&migrations_dir, self.dialect, &after, 1);
        }
        let workload = Workload {
            rows: self.rows,
            class: *class,
            null_writes: self.dialect == Dialect::Postgres || class.made_not_null.is_none(),
            hot_row: None,
        };
        let writers = Writers::start(self.dialect, url, WRITERS, &workload);
        std::thread::sleep(SETTLE);
        writers.set_phase(Phase::During);
        let began = Instant::now();
        let (error, durations) = match naive_sql {
            Some(sql) => (naive_ddl(url, sql), Vec::new()),
            None => match migrate(self.dialect, &migrations_dir, url) {
                Ok(durations) => (None, durations),
                Err(e) => (Some(e), Vec::new()),
            },
        };
        let took = began.elapsed();
        writers.set_phase(Phase::After);
        std::thread::sleep(SETTLE);
        let tally = writers.stop();
        let backfills = to_fill
            .iter()
            .zip(&durations)
            .filter_map(|(fill, took)| {
                let (column, rows) = fill.as_ref()?;
                Some(format!(
                    "{column}: {rows} rows, {:.0} rows/s",
                    *rows as f64 / took.as_secs_f64()
                ))
            })
            .collect();
        drop(conn);
        Run {
            tally,
            took,
            each: durations,
            backfills,
            error,
        }
    }
}

fn seeded(dialect: Dialect, url: &str, base: &Path, rows: i64) {
    migrate(dialect, &base.join("migrations"), url).expect("the base schema applies");
    let sql = seed(dialect, rows);
    match dialect {
        Dialect::Postgres => PgConnection::establish(url).unwrap().batch_execute(&sql),
        _ => MysqlConnection::establish(url).unwrap().batch_execute(&sql),
    }
    .expect("seeding");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Applies the pending migrations with the Migrator; how long each took.
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

/// The naive DDL, in one transaction; a deadlock with the writers is tried again, as a person
/// would, up to three times. Returns why it gave up, if it did.
fn naive_ddl(url: &str, sql: &str) -> Option<String> {
    let mut conn = PgConnection::establish(url).unwrap();
    let mut deadlocks = 0;
    loop {
        match conn.batch_execute(&format!("BEGIN; {sql}; COMMIT")) {
            Ok(()) => return (deadlocks > 0).then(|| format!("deadlocked {deadlocks} time(s), then went through")),
            Err(e) if e.to_string().contains("deadlock") && deadlocks < 2 => {
                deadlocks += 1;
                let _ = conn.batch_execute("ROLLBACK");
            }
            Err(e) => return Some(format!("failed: {e}")),
        }
    }
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

fn failures(run: &Run) -> String {
    let n = run.tally.failures();
    if n == 0 {
        return "0".into();
    }
    let kinds: Vec<String> = run
        .tally
        .failed
        .iter()
        .map(|(message, n)| format!("{n}× {}", message.lines().next().unwrap_or_default()))
        .collect();
    format!("**{n}** ({})", kinds.join("; "))
}

fn rows_from_env(variable: &str, default: i64) -> i64 {
    std::env::var(variable)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn main() {
    let only = std::env::var("TABLEWRIGHT_LOAD_CLASSES").unwrap_or_default();
    let chosen = |c: &&Class| only.is_empty() || only.split(',').any(|name| name.trim() == c.name);
    let mut broken = Vec::new();
    let mut databases = Vec::new();
    if std::env::var(tablewright_db_tests::POSTGRES_URL).is_ok() {
        databases.push((Dialect::Postgres, rows_from_env("TABLEWRIGHT_BENCH_ROWS", 1_000_000)));
    }
    if std::env::var(tablewright_db_tests::MYSQL_URL).is_ok() {
        databases.push((Dialect::Mysql, rows_from_env("TABLEWRIGHT_BENCH_MYSQL_ROWS", 200_000)));
    }
    if databases.is_empty() {
        // Says what is missing (and fails under CI).
        let _ = ServerDatabase::postgres();
        return;
    }
    for (dialect, rows) in databases {
        let bench = Bench::new(dialect, rows);
        println!(
            "\n{dialect}, {rows} rows, {WRITERS} writers updating every column of random rows and inserting rows throughout.\n"
        );
        println!("| change | naive: longest write | naive: failed writes | naive: wall time | generated: longest write | generated: failed writes | generated: wall time | generated: writes during | backfill |");
        println!("|---|---|---|---|---|---|---|---|---|");
        for class in CLASSES.iter().filter(|c| c.dialects.contains(&dialect)).filter(chosen) {
            let naive_sql = naive(class.name).filter(|_| dialect == Dialect::Postgres);
            let naive_cells = match naive_sql {
                Some(sql) => {
                    let run = bench.run(class, Some(sql));
                    let wall = match &run.error {
                        Some(e) => format!("{} ({e})", ms(run.took)),
                        None => ms(run.took),
                    };
                    format!(
                        "{} | {} | {wall}",
                        ms(run.tally.longest[Phase::During as usize]),
                        failures(&run)
                    )
                }
                None => "— | — | —".into(),
            };
            let run = bench.run(class, None);
            if run.tally.failures() > 0 || run.error.is_some() {
                broken.push(format!(
                    "{dialect} {}: {} failed writes{}",
                    class.name,
                    run.tally.failures(),
                    run.error
                        .as_deref()
                        .map(|e| format!("; the Migrator failed: {e}"))
                        .unwrap_or_default()
                ));
            }
            let mut wall = ms(run.took);
            if run.each.len() > 1 {
                let each: Vec<String> = run
                    .each
                    .iter()
                    .map(|d| format!("{:.0}", d.as_secs_f64() * 1e3))
                    .collect();
                wall.push_str(&format!(" ({})", each.join(" + ")));
            }
            if let Some(e) = &run.error {
                wall.push_str(&format!(" (**failed**: {e})"));
            }
            let mut extra = Vec::new();
            if run.tally.refused_by_final_schema > 0 {
                extra.push(format!(
                    "{} NULL write(s) refused once NOT NULL",
                    run.tally.refused_by_final_schema
                ));
            }
            if run.tally.renamed_under_it > 0 {
                extra.push(format!("{} write(s) followed the rename", run.tally.renamed_under_it));
            }
            let during = if extra.is_empty() {
                run.tally.writes[Phase::During as usize].to_string()
            } else {
                format!("{} ({})", run.tally.writes[Phase::During as usize], extra.join("; "))
            };
            println!(
                "| {} | {naive_cells} | {} | {} | {wall} | {during} | {} |",
                class.change,
                ms(run.tally.longest[Phase::During as usize]),
                failures(&run),
                if run.backfills.is_empty() {
                    "—".to_string()
                } else {
                    run.backfills.join("<br>")
                }
            );
        }
    }
    if !broken.is_empty() {
        eprintln!(
            "\nGenerated plans failed writes or did not apply:\n{}",
            broken.join("\n")
        );
        std::process::exit(1);
    }
}

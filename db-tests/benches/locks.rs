//! How long writers wait while a migration changes a 1M-row table, on PostgreSQL: the migrations
//! Tablewright generates next to the naive DDL they replace, change class by change class, with
//! writers updating random rows the whole time. Also the rate of the batched backfill.
//!
//! Run: `cargo bench -p tablewright-db-tests --bench locks` with TABLEWRIGHT_TEST_POSTGRES_URL set.
//! Prints a Markdown table; the figures are recorded in docs/benchmarks.md.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use tablewright_core::dialect::Dialect;
use tablewright_core::model::Schema;
use tablewright_core::sql::{needs_own_transaction, split_statements};
use tablewright_core::{plan, render, source};
use tablewright_db_tests::ServerDatabase;

const ROWS: i64 = 1_000_000;
const WRITERS: usize = 2;

/// The table as it starts, in the project's YAML.
const BASE: &str = "
table: bench_tenants
columns:
  id: { type: integer, primary_key: true }
---
table: bench_items
columns:
  id: { type: bigint, primary_key: true }
  tenant: integer
  name: varchar(40)
  qty: integer
  note: { type: text, nullable: true }
";

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn schema(extra: &[(&str, &str)]) -> Schema {
    let mut text = BASE.to_string();
    for (from, to) in extra {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    let (tables, problems) = source::yaml::parse_str(&text, None);
    assert!(problems.is_empty(), "{problems:?}");
    let mut schema = Schema { tables };
    schema.resolve_references();
    schema
}

/// Writers that update random rows until stopped, recording the longest single statement.
struct Load {
    stop: Arc<AtomicBool>,
    longest: Arc<Mutex<Duration>>,
    writes: Arc<Mutex<u64>>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Load {
    fn start(url: &str) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let longest = Arc::new(Mutex::new(Duration::ZERO));
        let writes = Arc::new(Mutex::new(0));
        let threads = (0..WRITERS)
            .map(|i| {
                let (url, stop, longest, writes) = (url.to_string(), stop.clone(), longest.clone(), writes.clone());
                std::thread::spawn(move || {
                    let mut conn = PgConnection::establish(&url).unwrap();
                    let mut seed = 0x9e37_79b9_u64 + i as u64;
                    while !stop.load(Ordering::Relaxed) {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        let id = (seed % ROWS as u64) as i64 + 1;
                        let began = Instant::now();
                        // A failure (e.g. a column being swapped) still counts as a write attempt.
                        let _ = conn.batch_execute(&format!("UPDATE bench_items SET qty = qty + 1 WHERE id = {id}"));
                        let took = began.elapsed();
                        let mut worst = longest.lock().unwrap();
                        *worst = (*worst).max(took);
                        *writes.lock().unwrap() += 1;
                    }
                })
            })
            .collect();
        Load {
            stop,
            longest,
            writes,
            threads,
        }
    }

    /// Resets the longest wait, runs `work`, returns (longest writer wait, work duration).
    fn measure(&self, work: impl FnOnce()) -> (Duration, Duration) {
        std::thread::sleep(Duration::from_millis(300));
        *self.longest.lock().unwrap() = Duration::ZERO;
        let began = Instant::now();
        work();
        let took = began.elapsed();
        std::thread::sleep(Duration::from_millis(100));
        (*self.longest.lock().unwrap(), took)
    }

    fn stop(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads {
            thread.join().unwrap();
        }
        let writes = *self.writes.lock().unwrap();
        writes
    }
}

/// Runs the migrations of a plan as the Migrator would: transactional ones in a transaction,
/// the others one statement at a time (each in its own transaction unless it refuses one).
fn run_generated(conn: &mut PgConnection, old: &Schema, new: &Schema) {
    let plan = plan::plan(old, new, Dialect::Postgres).unwrap();
    for migration in render::render(&plan, Dialect::Postgres) {
        if migration.run_in_transaction {
            conn.transaction::<_, diesel::result::Error, _>(|c| c.batch_execute(&migration.up))
                .unwrap();
        } else {
            for statement in split_statements(&migration.up, tablewright_core::Dialect::Postgres) {
                if needs_own_transaction(&statement) {
                    conn.batch_execute(&statement).unwrap();
                } else {
                    conn.transaction::<_, diesel::result::Error, _>(|c| c.batch_execute(&statement))
                        .unwrap();
                }
            }
        }
    }
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let Some(db) = ServerDatabase::postgres() else { return };
    let mut conn = PgConnection::establish(&db.url).unwrap();
    let setup = Instant::now();
    run_generated(&mut conn, &Schema::default(), &schema(&[]));
    conn.batch_execute(&format!(
        "INSERT INTO bench_tenants SELECT g FROM generate_series(1, 1000) g;
         INSERT INTO bench_items SELECT g, 1 + g % 1000, 'item ' || g, 0, CASE WHEN g % 2 = 0 THEN NULL ELSE 'n' END
         FROM generate_series(1, {ROWS}) g;"
    ))
    .unwrap();
    conn.batch_execute("VACUUM ANALYZE bench_items").unwrap();
    eprintln!("{ROWS} rows loaded in {:?}", setup.elapsed());

    let load = Load::start(&db.url);
    println!("PostgreSQL, {ROWS} rows, {WRITERS} writers updating random rows throughout.\n");
    println!("| change | naive DDL: longest writer wait | naive: duration | generated: longest writer wait | generated: duration |");
    println!("|---|---|---|---|---|");

    let base = schema(&[]);
    // (name, schema after, naive DDL, undo so the next class starts from the base)
    let indexed = schema(&[(
        "  note: { type: text, nullable: true }\n",
        "  note: { type: text, nullable: true }\nindexes:\n  - { name: idx_items_name, columns: [name] }\n",
    )]);
    let keyed = schema(&[(
        "  tenant: integer\n",
        "  tenant: { type: integer, references: bench_tenants.id, on_delete: restrict, index: true }\n",
    )]);
    let checked = schema(&[("  qty: integer\n", "  qty: { type: integer, check: qty >= 0 }\n")]);
    let not_null = schema(&[(
        "  note: { type: text, nullable: true }\n",
        "  note: { type: text, default: '-' }\n",
    )]);
    let widened = schema(&[("  name: varchar(40)\n", "  name: varchar(80)\n")]);
    let retyped = schema(&[("  qty: integer\n", "  qty: bigint\n")]);
    let tokened = schema(&[(
        "  note: { type: text, nullable: true }\n",
        "  note: { type: text, nullable: true }\n  token: { type: uuid, default_sql: gen_random_uuid() }\n",
    )]);
    let classes: Vec<(&str, &Schema, &str, &str)> = vec![
        ("add an index", &indexed, "CREATE INDEX idx_items_name ON bench_items (name)", "DROP INDEX idx_items_name"),
        (
            "add a foreign key (and its index)",
            &keyed,
            "CREATE INDEX idx_bench_items_tenant ON bench_items (tenant); ALTER TABLE bench_items ADD CONSTRAINT bench_items_tenant_fkey FOREIGN KEY (tenant) REFERENCES bench_tenants (id) ON DELETE RESTRICT",
            "ALTER TABLE bench_items DROP CONSTRAINT bench_items_tenant_fkey; DROP INDEX IF EXISTS idx_bench_items_tenant",
        ),
        ("add a check", &checked, "ALTER TABLE bench_items ADD CONSTRAINT bench_items_qty_check CHECK (qty >= 0)", "ALTER TABLE bench_items DROP CONSTRAINT bench_items_qty_check"),
        (
            "make a column NOT NULL (filling 500k NULLs)",
            &not_null,
            "UPDATE bench_items SET note = '-' WHERE note IS NULL; ALTER TABLE bench_items ALTER COLUMN note SET DEFAULT '-', ALTER COLUMN note SET NOT NULL",
            "ALTER TABLE bench_items ALTER COLUMN note DROP NOT NULL, ALTER COLUMN note DROP DEFAULT; UPDATE bench_items SET note = NULL WHERE id % 2 = 0",
        ),
        ("widen varchar(40) to varchar(80)", &widened, "ALTER TABLE bench_items ALTER COLUMN name TYPE varchar(80)", "ALTER TABLE bench_items ALTER COLUMN name TYPE varchar(40)"),
        (
            "change a type, integer to bigint (the column the writers update)",
            &retyped,
            "ALTER TABLE bench_items ALTER COLUMN qty TYPE bigint",
            "ALTER TABLE bench_items ALTER COLUMN qty TYPE integer",
        ),
        (
            "add a NOT NULL column with a per-row default (gen_random_uuid())",
            &tokened,
            "ALTER TABLE bench_items ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid()",
            "ALTER TABLE bench_items DROP COLUMN token",
        ),
    ];
    for (name, after, naive, undo) in classes {
        // The naive UPDATE of half the table deadlocks with the writers: it is tried three times,
        // as a person would, and the whole time counts.
        let mut failures = 0;
        let (naive_wait, naive_took) = load.measure(|| {
            while let Err(e) = conn.batch_execute(naive) {
                assert!(e.to_string().contains("deadlock"), "{e}");
                failures += 1;
                if failures == 3 {
                    break;
                }
            }
        });
        let naive_took = if failures == 3 {
            format!("failed 3 times (deadlock), {}", ms(naive_took))
        } else {
            ms(naive_took)
        };
        conn.batch_execute(undo).unwrap();
        let (wait, took) = load.measure(|| run_generated(&mut conn, &base, after));
        // Back to the base through the generated down migrations is not measured; undo directly.
        conn.batch_execute(undo).unwrap();
        println!(
            "| {name} | {} | {naive_took} | {} | {} |",
            ms(naive_wait),
            ms(wait),
            ms(took)
        );
    }

    // The batched backfill alone: rows filled per second while the writers run.
    let nulls = diesel::sql_query("SELECT count(*) AS n FROM bench_items WHERE note IS NULL")
        .get_result::<Count>(&mut conn)
        .unwrap()
        .n;
    let statement = render::statements(
        &plan::Step::Backfill {
            table: "bench_items".into(),
            column: "note".into(),
            fill: plan::Fill::Value(tablewright_core::model::Literal::String("-".into())),
            key: Some("id".into()),
        },
        Dialect::Postgres,
    )
    .remove(0);
    let (wait, took) = load.measure(|| conn.batch_execute(&statement).unwrap());
    let writes = load.stop();
    println!(
        "\nBatched backfill: {nulls} rows in {} ({:.0} rows/s), longest writer wait {}. {writes} writes in total.",
        ms(took),
        nulls as f64 / took.as_secs_f64(),
        ms(wait)
    );
}

//! How long the linter takes on large migrations, and `generate` around it.
//!
//! Writes schemas of 125, 250, 500 and 1,000 tables of 20 columns each (a tenant column, a
//! foreign key to the table before, an index, a check, comments; row-level security on every
//! table), generates the first migration of each with `Project::sync` and lints what it wrote
//! with `lint_new_migrations`, as `tablewright generate` does, then lints the folder with
//! `lint_path`, as `tablewright lint` does. A second figure is a long hand-written history of
//! small migrations, linted as a folder, and its last migration linted as `generate` lints a new
//! one (the history read, not linted).
//!
//! Every finding is counted and every error printed: the figures are of a lint that found
//! what it found, not of one that stopped early.
//!
//! Run: `cargo bench -p tablewright-lint --bench lint`. Prints Markdown tables; the figures are
//! recorded in docs/benchmarks.md.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, UNIX_EPOCH};

use tablewright_core::migrations::MigrationSet;
use tablewright_core::project::{Mode, Outcome, Project};
use tablewright_core::Dialect;
use tablewright_lint::{lint_new_migrations, lint_path, Finding, Options};

/// Rounds per size; the best and the median are reported (the best is the one least disturbed
/// by other work on the machine).
const ROUNDS: usize = 5;

/// CPU time of the whole process so far (every thread, exited ones included), from
/// `/proc/self/stat`: on a busy machine wall time also counts other processes, CPU time does not.
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // Linux reports in clock ticks of 10 ms (USER_HZ = 100).
    Some(Duration::from_millis(ticks * 10))
}

/// One table of 20 columns, referencing table `i - 1`.
fn table_yaml(i: usize) -> String {
    let mut yaml = format!("table: t{i:04}\ncomment: Table number {i}\ntenant: tenant_id\ncolumns:\n");
    yaml.push_str("  id:\n    type: uuid\n    primary_key: true\n    default_sql: gen_random_uuid()\n");
    yaml.push_str("  tenant_id: uuid\n");
    if i > 1 {
        let _ = writeln!(
            yaml,
            "  parent_id:\n    type: uuid\n    nullable: true\n    references: t{:04}.id\n    on_delete: restrict\n    index: true",
            i - 1
        );
    } else {
        yaml.push_str("  parent_id: { type: uuid, nullable: true }\n");
    }
    yaml.push_str(
        "  code:\n    type: varchar(40)\n    unique_per_tenant: true\n    comment: Code unique within the tenant\n",
    );
    yaml.push_str("  quantity:\n    type: numeric(14,3)\n    default: 0\n    check: quantity >= 0\n");
    let kinds = ["text", "bigint", "boolean", "date", "timestamptz", "jsonb", "integer"];
    for c in 0..13 {
        let _ = writeln!(
            yaml,
            "  c{c:02}: {{ type: {}, nullable: true }}",
            kinds[c % kinds.len()]
        );
    }
    yaml.push_str("  created_at: { type: timestamptz, default_sql: now() }\n");
    yaml
}

fn project(schemas: &Path, migrations: &Path) -> Project {
    Project {
        schema_dirs: vec![schemas.to_path_buf()],
        source_dirs: vec![],
        migrations_dir: migrations.to_path_buf(),
        dialect: Dialect::Postgres,
    }
}

fn fresh(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("lint-bench").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// "best / median" of the samples.
fn best_median(mut samples: Vec<Duration>) -> String {
    samples.sort();
    format!("{} / {}", ms(samples[0]), ms(samples[samples.len() / 2]))
}

/// What one round measured.
struct Round {
    /// Loading the schema, planning and writing the migration (`Project::sync`).
    generated: Duration,
    /// Linting what was written, as `generate` does (`lint_new_migrations`).
    generate_lint: Duration,
    /// Linting the folder, as `tablewright lint` does (`lint_path`): wall and CPU time.
    linted: Duration,
    lint_cpu: Duration,
    lines: usize,
    findings: Vec<Finding>,
}

/// Generates the first migration of `tables` tables and lints it.
fn one_migration(tables: usize, round: usize) -> Round {
    let dir = fresh(&format!("one-{tables}-{round}"));
    let schemas = dir.join("schemas");
    std::fs::create_dir_all(&schemas).unwrap();
    for i in 1..=tables {
        std::fs::write(schemas.join(format!("t{i:04}.yaml")), table_yaml(i)).unwrap();
    }
    let migrations = dir.join("migrations");
    let project = project(&schemas, &migrations);
    let began = Instant::now();
    let schema = project.load().unwrap_or_else(|d| panic!("{d}")).schema;
    let outcome = project
        .sync(&schema, Mode::Write, UNIX_EPOCH + Duration::from_secs(1_800_000_000))
        .unwrap();
    let generated = began.elapsed();
    let Outcome::Created { folder: first, .. } = outcome else {
        panic!("a first migration is written: {outcome:?}")
    };
    let began = Instant::now();
    let new = lint_new_migrations(&migrations, &first, Dialect::Postgres, &Options::default()).unwrap();
    let generate_lint = began.elapsed();
    let (began, cpu) = (Instant::now(), process_cpu());
    let findings = lint_path(&migrations, Dialect::Postgres, &Options::default()).unwrap();
    let linted = began.elapsed();
    let lint_cpu = process_cpu()
        .zip(cpu)
        .map_or(Duration::ZERO, |(end, start)| end - start);
    assert_eq!(new, findings, "generate reports what lint reports on a first migration");
    let folder = &MigrationSet::read(&migrations).unwrap().folders[0];
    let lines = std::fs::read_to_string(folder.path.join("up.sql"))
        .unwrap()
        .lines()
        .count();
    Round {
        generated,
        generate_lint,
        linted,
        lint_cpu,
        lines,
        findings,
    }
}

/// "N errors, M warnings".
fn counted(findings: &[Finding]) -> String {
    let errors = findings.iter().filter(|f| f.is_error()).count();
    format!("{errors} errors, {} warnings", findings.len() - errors)
}

/// A hand-written history of `count` diesel migrations, as a team that has run for years has:
/// two of every three create a table of 20 columns (a foreign key to the one before, its index),
/// the third changes an earlier table (a column, and an index built CONCURRENTLY in a migration
/// of its own). Returns the times to lint the folder and its last migration, and the findings.
fn history(count: usize) -> History {
    let migrations = fresh(&format!("history-{count}"));
    let mut tables = 0;
    for i in 1..=count {
        let folder = migrations.join(format!("2020-01-01-{i:06}_step_{i}"));
        std::fs::create_dir_all(&folder).unwrap();
        let mut up = String::from("SET LOCAL lock_timeout = '5s';\n");
        if i % 3 == 0 && tables > 0 {
            let t = (i * 7) % tables + 1;
            let _ = writeln!(up, "ALTER TABLE t{t:04} ADD COLUMN extra_{i} text;");
            let _ = writeln!(up, "COMMENT ON COLUMN t{t:04}.extra_{i} IS 'added in step {i}';");
            std::fs::write(folder.join("up.sql"), up).unwrap();
            let index = migrations.join(format!("2020-01-01-{i:06}_step_{i}_index"));
            std::fs::create_dir_all(&index).unwrap();
            std::fs::write(index.join("metadata.toml"), "run_in_transaction = false\n").unwrap();
            std::fs::write(
                index.join("up.sql"),
                format!("SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY idx_t{t:04}_extra_{i} ON t{t:04} (extra_{i});\n"),
            )
            .unwrap();
            continue;
        }
        tables += 1;
        let t = tables;
        let _ = writeln!(
            up,
            "CREATE TABLE t{t:04} (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        );
        if t > 1 {
            let _ = writeln!(
                up,
                "    parent_id bigint REFERENCES t{:04} (id) ON DELETE RESTRICT,",
                t - 1
            );
        }
        for c in 0..18 {
            let _ = writeln!(
                up,
                "    c{c:02} {},",
                ["text", "bigint", "boolean", "timestamptz"][c % 4]
            );
        }
        let _ = writeln!(up, "    created_at timestamptz NOT NULL DEFAULT now()\n);");
        if t > 1 {
            let _ = writeln!(up, "CREATE INDEX idx_t{t:04}_parent_id ON t{t:04} (parent_id);");
        }
        std::fs::write(folder.join("up.sql"), up).unwrap();
        std::fs::write(folder.join("down.sql"), format!("DROP TABLE t{t:04};\n")).unwrap();
    }
    let mut findings = Vec::new();
    let samples = (0..ROUNDS)
        .map(|_| {
            let began = Instant::now();
            findings = lint_path(&migrations, Dialect::Postgres, &Options::default()).unwrap();
            began.elapsed()
        })
        .collect();
    // The last migration as `generate` lints a new one: the history read for what it made.
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&migrations)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    folders.sort();
    let last = folders.last().unwrap();
    let mut new = Vec::new();
    let new_samples = (0..ROUNDS)
        .map(|_| {
            let began = Instant::now();
            new = lint_new_migrations(&migrations, last, Dialect::Postgres, &Options::default()).unwrap();
            began.elapsed()
        })
        .collect();
    History {
        folders: folders.len(),
        folder: best_median(samples),
        last: best_median(new_samples),
        findings,
        new,
    }
}

struct History {
    folders: usize,
    /// `lint_path` of the folder.
    folder: String,
    /// `lint_new_migrations` of its last migration.
    last: String,
    findings: Vec<Finding>,
    new: Vec<Finding>,
}

/// Prints every error, so a figure never hides what the lint found.
fn print_errors(what: &str, findings: &[Finding]) {
    for finding in findings.iter().filter(|f| f.is_error()) {
        println!("error in {what}: {finding}");
    }
}

fn main() {
    // For a profiler: lint one folder over and over, nothing else
    // (`TABLEWRIGHT_BENCH_PROFILE=target/tmp/lint-bench/one-1000-0/migrations perf record ...`).
    if let Ok(path) = std::env::var("TABLEWRIGHT_BENCH_PROFILE") {
        for _ in 0..20 {
            let findings = lint_path(Path::new(&path), Dialect::Postgres, &Options::default()).unwrap();
            println!("{}", counted(&findings));
        }
        return;
    }
    // The same for `generate` without its lint: load the schemas of a folder the benchmark wrote
    // and write the first migration, 5 times, each into a fresh folder
    // (`TABLEWRIGHT_BENCH_PROFILE_GENERATE=target/tmp/lint-bench/one-1000-0/schemas`).
    if let Ok(path) = std::env::var("TABLEWRIGHT_BENCH_PROFILE_GENERATE") {
        for round in 0..5 {
            let migrations = fresh(&format!("profile-generate-{round}"));
            let project = project(Path::new(&path), &migrations);
            let schema = project.load().unwrap_or_else(|d| panic!("{d}")).schema;
            let outcome = project
                .sync(&schema, Mode::Write, UNIX_EPOCH + Duration::from_secs(1_800_000_000))
                .unwrap();
            assert!(matches!(outcome, Outcome::Created { .. }), "{outcome:?}");
        }
        return;
    }
    let sizes: Vec<usize> = match std::env::var("TABLEWRIGHT_BENCH_TABLES") {
        Ok(list) => list
            .split(',')
            .map(|n| n.trim().parse().expect("a number of tables"))
            .collect(),
        Err(_) => vec![125, 250, 500, 1000],
    };
    // Wall time: parsing runs on every core. The load says how busy the machine was.
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load.split_whitespace().next().unwrap_or("unknown");
    println!("Wall times, best / median of {ROUNDS} rounds; load average {load} at the start.");
    println!();
    println!("| tables | lines of up.sql | generate (plan + write) | lint as generate does | generate + its lint | lint of the folder | lint, CPU time of all threads | findings |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut found = Vec::new();
    for tables in sizes {
        let runs: Vec<Round> = (0..ROUNDS).map(|round| one_migration(tables, round)).collect();
        let generated = best_median(runs.iter().map(|r| r.generated).collect());
        let generate_lint = best_median(runs.iter().map(|r| r.generate_lint).collect());
        let both = best_median(runs.iter().map(|r| r.generated + r.generate_lint).collect());
        let linted = best_median(runs.iter().map(|r| r.linted).collect());
        let cpu = best_median(runs.iter().map(|r| r.lint_cpu).collect());
        let round = &runs[0];
        println!(
            "| {tables} | {} | {generated} | {generate_lint} | {both} | {linted} | {cpu} | {} |",
            round.lines,
            counted(&round.findings)
        );
        found.push((
            format!("the migration of {tables} tables"),
            runs.into_iter().next().unwrap().findings,
        ));
    }
    let count: usize = std::env::var("TABLEWRIGHT_BENCH_HISTORY")
        .map(|n| n.parse().expect("a number of migrations"))
        .unwrap_or(285);
    println!();
    let history = history(count);
    println!("| steps | migration folders | lint of the folder | lint of the last, as generate does | findings |");
    println!("|---|---|---|---|---|");
    println!(
        "| {count} | {} | {} | {} | {} (the last: {}) |",
        history.folders,
        history.folder,
        history.last,
        counted(&history.findings),
        counted(&history.new)
    );
    found.push((format!("the history of {count} migrations"), history.findings));
    println!();
    for (what, findings) in &found {
        print_errors(what, findings);
    }
}

//! What an application pays for Tablewright, side by side with plain diesel in the same run
//! (docs/benchmarks.md, "The application's cost"): a diesel + `embed_migrations!` app and a
//! Tablewright derive + build.rs app, applying the same migrations, built and run as real
//! processes; then `generate` and `check` of 1,000 tables × 20 columns.
//!
//! ```sh
//! cargo run -p tablewright-db-tests --bin tw-bench-apps
//! ```
//!
//! with `TABLEWRIGHT_TEST_POSTGRES_URL` and `TABLEWRIGHT_TEST_MYSQL_URL` set (db-tests/src/lib.rs).
//! `TW_BENCH_CLEAN=0` skips the clean release builds (the expensive part: every dependency
//! compiled twice, once per app) and reuses the previous run's target folders. Everything is
//! written under `<target>/bench-apps/`. Prints Markdown; every error is counted, printed, and
//! makes the exit code 1.

mod apps;
mod big_schema;
mod history;
mod instructions;
mod server_work;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use apps::{App, Kind};
use tablewright_db_tests::{repo_root, target_dir, ServerDatabase, SqliteDatabase};

/// Starts per app, database and history, alternating between the two apps.
const STARTS: usize = 20;
/// Starts on a fresh database per app and database (each needs a new database): 20, as the
/// server's own disk writes make these vary most (5 said little, docs/benchmarks.md).
const FRESH_STARTS: usize = 20;
/// No-op builds per app, alternating: 21, as one build is ~75 ms of mostly cargo's own
/// bookkeeping and 5 gave medians 10% apart from run to run (docs/benchmarks.md).
const NOOP_BUILDS: usize = 21;

/// Every error of the run, reported at the end.
#[derive(Default)]
pub struct Errors(Vec<String>);

impl Errors {
    pub fn push(&mut self, error: String) {
        eprintln!("error: {error}");
        self.0.push(error);
    }
}

fn main() {
    let mut errors = Errors::default();
    let work = target_dir().join("bench-apps");
    std::fs::create_dir_all(&work).unwrap();
    let clean = std::env::var("TW_BENCH_CLEAN").map_or(true, |v| v != "0");

    eprintln!("building the command line (release, SQLite only)");
    let cli = build_cli(&mut errors);

    eprintln!("writing the migration histories (20 and 200 steps, each database)");
    let histories = work.join("histories");
    for steps in [20, 200] {
        history::write(&cli, &histories.join(steps.to_string()), steps, &mut errors);
    }

    let apps_dir = work.join("apps");
    let pair = |steps: usize| -> [App; 2] {
        [Kind::Diesel, Kind::Tablewright].map(|kind| {
            let package = format!("bench-{}-{steps}", kind.name());
            apps::write(
                kind,
                &apps_dir.join(&package),
                &package,
                &histories.join(steps.to_string()),
                &history::models(steps),
            )
        })
    };
    let small = pair(20);
    let large = pair(200);
    // One target folder per kind: the clean build fills it, the 200-migration app reuses it.
    let target = |kind: Kind| work.join(format!("target-{}", kind.name()));

    println!("## The application's cost\n");
    println!("Each app: diesel 2.3 with the postgres, mysql and sqlite features, SQLite bundled, the same");
    println!("migrations embedded for each database. Release builds.\n");

    let mut builds = Vec::new();
    for app in &small {
        if clean {
            let _ = std::fs::remove_dir_all(target(app.kind));
        }
        eprintln!(
            "building {} (release{})",
            app.package,
            if clean { ", clean" } else { "" }
        );
        let took = cargo_build(app, &target(app.kind), &mut errors);
        builds.push((app.kind, took));
    }
    for app in &large {
        eprintln!("building {} (release)", app.package);
        cargo_build(app, &target(app.kind), &mut errors);
    }
    let mut noop: [Vec<Duration>; 2] = Default::default();
    let mut noop_cpu: [Vec<Duration>; 2] = Default::default();
    for _ in 0..NOOP_BUILDS {
        for (i, app) in small.iter().enumerate() {
            let cpu_before = children_cpu();
            if let Some(took) = cargo_build(app, &target(app.kind), &mut errors) {
                noop[i].push(took);
                noop_cpu[i].push(children_cpu() - cpu_before);
            }
        }
    }
    let counted = instructions::have_valgrind().then(|| {
        let cargo = instructions::real_cargo();
        // The median of 3: steady to 0.1%, but a first count after a build can be 4% higher.
        small.each_ref().map(|app| {
            let mut counts: Vec<u64> = (0..3)
                .filter_map(|_| instructions::noop_build(app, &target(app.kind), &cargo, &mut errors))
                .collect();
            counts.sort_unstable();
            counts.get(counts.len() / 2).copied()
        })
    });
    let units = package_counts(&small, &mut errors);

    println!("| measure | diesel | tablewright | ratio | target |");
    println!("|---|---|---|---|---|");
    if clean {
        if let [(_, Some(d)), (_, Some(t))] = &builds[..] {
            row(
                "clean `cargo build --release` (once)",
                secs(*d),
                secs(*t),
                ratio(*d, *t),
                "≤ 1.5×",
            );
        }
    }
    let [nd, nt] = [median(&mut noop[0]), median(&mut noop[1])];
    row(
        &format!("no-op `cargo build --release` (median of {NOOP_BUILDS})"),
        ms(nd),
        ms(nt),
        ratio(nd, nt),
        "≤ 1.10×",
    );
    let [cd, ct] = [median(&mut noop_cpu[0]), median(&mut noop_cpu[1])];
    row(
        &format!("no-op build, CPU time (user + system, median of {NOOP_BUILDS})"),
        ms(cd),
        ms(ct),
        ratio(cd, ct),
        "",
    );
    match counted {
        Some([Some(d), Some(t)]) => row(
            "no-op build, instructions cargo executes (callgrind, user space, median of 3)",
            format!("{:.1} M", d as f64 / 1e6),
            format!("{:.1} M", t as f64 / 1e6),
            format!("{:.3}×", t as f64 / d as f64),
            "",
        ),
        Some(_) => {}
        None => row(
            "no-op build, instructions",
            "no valgrind".into(),
            "no valgrind".into(),
            "".into(),
            "",
        ),
    }
    let sizes = small.each_ref().map(|app| size(&binary(app, &target(app.kind))));
    row(
        "binary size",
        format!("{:.2} MB", sizes[0] as f64 / 1e6),
        format!("{:.2} MB", sizes[1] as f64 / 1e6),
        format!("{:.2}×", sizes[1] as f64 / sizes[0].max(1) as f64),
        "≤ 1.3×",
    );
    if let Some([d, t]) = units {
        row(
            "packages in the build (`cargo tree -e normal,build`)",
            d.to_string(),
            t.to_string(),
            format!("{:.2}×", t as f64 / d as f64),
            "",
        );
    }

    println!("\n### Startup\n");
    println!("Whole process, connection included: median (p90) of {STARTS} starts on an up-to-date");
    println!("database, and of {FRESH_STARTS} on a fresh one (all 20 migrations applied).\n");
    println!("| database | migrations | diesel | tablewright | ratio | target |");
    println!("|---|---|---|---|---|---|");
    for database in ["postgres", "mysql", "sqlite"] {
        for (steps, apps) in [(20, &small), (200, &large)] {
            let up_to_date = startups(apps, &target, database, false, &mut errors);
            if let Some([(dm, dp), (tm, tp)]) = up_to_date {
                row6(database, &format!("{steps}, up to date"), (dm, dp), (tm, tp));
            }
        }
        if let Some([(dm, dp), (tm, tp)]) = startups(&small, &target, database, true, &mut errors) {
            row6(database, "20, fresh database", (dm, dp), (tm, tp));
        }
    }

    println!("\nWhat one start on a fresh database asks of the server (20 migrations), from its own");
    println!("counters before and after (the reading connections' own work included, alike for both");
    println!("apps): commits (PostgreSQL: transactions committed, `xact_commit`; MariaDB: the storage");
    println!("engine's, `Handler_commit`) and disk flushes (`wal_sync`; `Innodb_data_fsyncs`):\n");
    println!("| database | diesel: commits, disk flushes | tablewright: commits, disk flushes |");
    println!("|---|---|---|");
    for database in ["postgres", "mysql"] {
        let work = small
            .each_ref()
            .map(|app| fresh_start_work(app, &target(app.kind), database, &mut errors));
        if let [Some(d), Some(t)] = work {
            println!(
                "| {database} | {}, {} | {}, {} |",
                d.commits, d.flushes, t.commits, t.flushes
            );
        }
    }

    println!("\n### Generate and check 1,000 tables × 20 columns\n");
    let big = work.join("big");
    big_schema::write(&big);
    let mut generate = Vec::new();
    for _ in 0..3 {
        let _ = std::fs::remove_dir_all(big.join("migrations"));
        if let Some(run) = big_schema::run(&cli, &big, "generate", &mut errors) {
            generate.push(run);
        }
    }
    let mut check = Vec::new();
    for _ in 0..5 {
        if let Some(run) = big_schema::run(&cli, &big, "check", &mut errors) {
            check.push(run);
        }
    }
    println!("`tablewright generate` from nothing (3 runs) and `check` of the result (5 runs), PostgreSQL:\n");
    println!("| command | median wall | median CPU (user + system) | peak memory | target |");
    println!("|---|---|---|---|---|");
    for (name, runs, target) in [
        ("generate", &mut generate, "≤ 200 ms"),
        ("check", &mut check, "≤ 100 ms"),
    ] {
        if runs.is_empty() {
            continue;
        }
        let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
        let mut cpus: Vec<Duration> = runs.iter().map(|r| r.cpu).collect();
        let rss = runs.iter().map(|r| r.max_rss_kib).max().unwrap_or_default();
        println!(
            "| {name} | {} | {} | {:.0} MB | {target} |",
            ms(median(&mut walls)),
            ms(median(&mut cpus)),
            rss as f64 / 1024.0
        );
    }

    println!("\nErrors: {}", errors.0.len());
    for error in &errors.0 {
        println!("- {}", error.lines().next().unwrap_or_default());
    }
    if !errors.0.is_empty() {
        std::process::exit(1);
    }
}

/// How many packages each app's build compiles: its dependency tree, build dependencies and
/// proc macros included, each package once.
fn package_counts(apps: &[App; 2], errors: &mut Errors) -> Option<[usize; 2]> {
    let mut counts = [0; 2];
    for (i, app) in apps.iter().enumerate() {
        let output = Command::new(cargo())
            .args(["tree", "-e", "normal,build", "--prefix", "none", "--format", "{p}"])
            .current_dir(&app.dir)
            .output()
            .unwrap();
        if !output.status.success() {
            errors.push(format!(
                "cargo tree in {}: {}",
                app.dir.display(),
                String::from_utf8_lossy(&output.stderr)
            ));
            return None;
        }
        let mut packages: Vec<String> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| l.trim_end_matches(" (*)").to_string())
            .collect();
        packages.sort();
        packages.dedup();
        counts[i] = packages.len();
    }
    Some(counts)
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// The release command line, built into this run's own target folder.
fn build_cli(errors: &mut Errors) -> PathBuf {
    let target = target_dir();
    let output = Command::new(cargo())
        .args([
            "build",
            "--release",
            "-p",
            "tablewright-cli",
            "--no-default-features",
            "--features",
            "sqlite",
        ])
        .current_dir(repo_root())
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    if !output.status.success() {
        errors.push(format!(
            "building the command line: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    target.join("release/tablewright")
}

/// `cargo build --release` of `app` into `target`: how long it took, or `None` (an error).
fn cargo_build(app: &App, target: &Path, errors: &mut Errors) -> Option<Duration> {
    let began = Instant::now();
    let output = Command::new(cargo())
        .args(["build", "--release"])
        .current_dir(&app.dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CI")
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    let took = began.elapsed();
    if !output.status.success() {
        errors.push(format!(
            "cargo build --release of {}: {}",
            app.package,
            String::from_utf8_lossy(&output.stderr)
        ));
        return None;
    }
    Some(took)
}

/// The CPU time (user and system) of every child process this run has waited for so far, and
/// of theirs: the difference around one command is that command's CPU time, to the microsecond
/// (GNU time's `%U` and `%S` count in 10 ms steps, too coarse for a 75 ms build).
fn children_cpu() -> Duration {
    // SAFETY: getrusage writes one rusage into the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

fn binary(app: &App, target: &Path) -> PathBuf {
    target.join("release").join(&app.package)
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or_default()
}

/// A database of `database` kind for one app; `None` (and an error) when its server is not set.
enum Db {
    Server(ServerDatabase),
    Sqlite(SqliteDatabase),
}

impl Db {
    /// `None`, counted as an error, when the server's URL is not set: its rows would be missing.
    fn new(database: &str, errors: &mut Errors) -> Option<Db> {
        let db = match database {
            "postgres" => ServerDatabase::postgres().map(Db::Server),
            "mysql" => ServerDatabase::mysql().map(Db::Server),
            _ => Some(Db::Sqlite(SqliteDatabase::new())),
        };
        if db.is_none() {
            errors.push(format!(
                "no {database} server to start on: set TABLEWRIGHT_TEST_POSTGRES_URL and TABLEWRIGHT_TEST_MYSQL_URL"
            ));
        }
        db
    }

    fn url(&self) -> String {
        match self {
            Db::Server(db) => db.url.clone(),
            Db::Sqlite(db) => db.path.to_str().unwrap().to_string(),
        }
    }
}

/// Runs the app's binary against `url`: the wall time of the whole process.
fn start(app: &App, target: &Path, url: &str, errors: &mut Errors) -> Option<Duration> {
    let began = Instant::now();
    let output = Command::new(binary(app, target)).env("DATABASE_URL", url).output();
    let took = began.elapsed();
    match output {
        Ok(output) if output.status.success() => Some(took),
        Ok(output) => {
            errors.push(format!(
                "{} on {url}: {}",
                app.package,
                String::from_utf8_lossy(&output.stderr)
            ));
            None
        }
        Err(e) => {
            errors.push(format!("cannot run {}: {e}", app.package));
            None
        }
    }
}

/// The server's commits and flushes around one start of `app` on a fresh database.
fn fresh_start_work(app: &App, target: &Path, database: &str, errors: &mut Errors) -> Option<server_work::Work> {
    let db = Db::new(database, errors)?;
    let url = db.url();
    let read = |errors: &mut Errors| match server_work::read(database, &url) {
        Ok(work) => work,
        Err(e) => {
            errors.push(format!("reading {database}'s counters: {e}"));
            None
        }
    };
    let before = read(errors)?;
    start(app, target, &url, errors)?;
    let after = read(errors)?;
    Some(server_work::between(before, after))
}

/// Median and p90 of each app's starts on `database`: on an up-to-date database (one per app,
/// migrated by a first start), or on a fresh database each time.
fn startups(
    apps: &[App; 2],
    target: &dyn Fn(Kind) -> PathBuf,
    database: &str,
    fresh: bool,
    errors: &mut Errors,
) -> Option<[(Duration, Duration); 2]> {
    let mut samples: [Vec<Duration>; 2] = Default::default();
    if fresh {
        for _ in 0..FRESH_STARTS {
            for (i, app) in apps.iter().enumerate() {
                let db = Db::new(database, errors)?;
                samples[i].extend(start(app, &target(app.kind), &db.url(), errors));
            }
        }
    } else {
        let dbs = [Db::new(database, errors)?, Db::new(database, errors)?];
        for (app, db) in apps.iter().zip(&dbs) {
            start(app, &target(app.kind), &db.url(), errors)?;
        }
        for _ in 0..STARTS {
            for (i, (app, db)) in apps.iter().zip(&dbs).enumerate() {
                samples[i].extend(start(app, &target(app.kind), &db.url(), errors));
            }
        }
    }
    if samples.iter().any(Vec::is_empty) {
        return None;
    }
    Some(samples.map(|mut s| (median(&mut s), percentile(&mut s, 0.9))))
}

fn median(samples: &mut [Duration]) -> Duration {
    percentile(samples, 0.5)
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples.sort();
    samples[((samples.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

fn ratio(diesel: Duration, tablewright: Duration) -> String {
    format!("{:.2}×", tablewright.as_secs_f64() / diesel.as_secs_f64().max(1e-9))
}

fn row(measure: &str, diesel: String, tablewright: String, ratio: String, target: &str) {
    println!("| {measure} | {diesel} | {tablewright} | {ratio} | {target} |");
}

fn row6(database: &str, what: &str, diesel: (Duration, Duration), tablewright: (Duration, Duration)) {
    println!(
        "| {database} | {what} | {} ({}) | {} ({}) | {} | ≤ 1.2× |",
        ms(diesel.0),
        ms(diesel.1),
        ms(tablewright.0),
        ms(tablewright.1),
        ratio(diesel.0, tablewright.0)
    );
}

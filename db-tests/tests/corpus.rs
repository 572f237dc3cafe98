//! The golden corpus: one folder per change class under `db-tests/corpus/`, each with the schema
//! before and after the change (and, for two-step drops, `purged.yaml` as a third step, or
//! `later.yaml` for another later change), the rows
//! that make the change meaningful (`rows.sql`), and for every database the migrations the change
//! produces, pinned in `expected/<dialect>.sql`, or the refusal when it is refused.
//!
//! - `expected_migrations`: plans and renders every case on every database and compares the text
//!   with its `expected/<dialect>.sql`. A difference fails with a unified diff; run again with
//!   `TABLEWRIGHT_BLESS=1` to accept it (only then are the files rewritten).
//! - `outcome_table`: the cases × databases table in `docs/corpus.md`, kept current the same way.
//! - `postgres`, `sqlite`, `mysql`: every case that is not refused, on a real database: apply
//!   `before` and its rows, apply the change, and compare the database with the schema (`drift`)
//!   and with a database built straight from the new schema (same catalog); check the rows
//!   survived; revert one migration at a time back to `before` (drift empty, rows there); apply
//!   again (drift empty).
//!
//! `rows.sql` is run once `before` is applied. Its lines `-- expect <stage> <n>: <query>` are
//! checks: whenever the database is at `<stage>` (`before`, `after`, `purged`, `later`), `<query>` must
//! return `n` in a column named `n`; `<stage>@postgres,mysql` limits a check to those databases.
//! The stage `reverted` is the database back at `before` after every down ran. Lines
//! `-- run <stage>: <statement>` run once, when the database first reaches `<stage>` (after its
//! checks): the application writing while the schema is there. After a purge is reverted, the purged data is gone for good,
//! so checks are skipped from then on.

use std::any::Any;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use diesel::sql_types::BigInt;
use diesel::{MysqlConnection, PgConnection, QueryableByName, RunQueryDsl, SqliteConnection};
use tablewright::introspect::{drift_of, Catalog};
use tablewright::{Database, Migrations, Migrator};
use tablewright_core::catalog::CatalogTable;
use tablewright_core::check::check_schema;
use tablewright_core::dialect::Dialect;
use tablewright_core::migrations::MigrationSet;
use tablewright_core::model::{backup_name, is_narrowing_backup, Schema};
use tablewright_core::plan::{plan, Step, UnitKind};
use tablewright_core::project::{Mode, Outcome, Project};
use tablewright_core::render::render;
use tablewright_core::Diagnostic;
use tablewright_db_tests::{repo_root, ServerDatabase, SqliteDatabase};

const DIALECTS: [Dialect; 3] = [Dialect::Postgres, Dialect::Sqlite, Dialect::Mysql];

/// The schema files of a case, in the order they are applied; the first two are required. A third
/// step is `purged.yaml` (the second step of a drop) or `later.yaml` (anything else).
const STAGES: [&str; 4] = ["before", "after", "purged", "later"];

const BLESS: &str = "TABLEWRIGHT_BLESS";

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn blessing() -> bool {
    std::env::var(BLESS).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

struct Case {
    name: String,
    dir: PathBuf,
    /// `(stage name, file text)`, in order.
    stages: Vec<(&'static str, String)>,
    seed: Option<String>,
    expects: Vec<Expect>,
    /// `-- run <stage>: <statement>` lines: (stage, statement).
    writes: Vec<(String, String)>,
}

/// A `-- expect <stage>[@<dialect>,...] <n>: <query>` line of `rows.sql`.
struct Expect {
    stage: String,
    /// The databases the check is for (`after@postgres,mysql`); empty: all.
    dialects: Vec<String>,
    count: i64,
    query: String,
}

impl Case {
    fn all() -> Vec<Case> {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
            .expect("db-tests/corpus")
            .map(|e| e.expect("corpus entry").path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        assert!(!dirs.is_empty(), "no cases in {}", corpus_dir().display());
        dirs.into_iter().map(Case::read).collect()
    }

    fn read(dir: PathBuf) -> Case {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let stages: Vec<(&'static str, String)> = STAGES
            .iter()
            .filter_map(|stage| Some((*stage, std::fs::read_to_string(dir.join(format!("{stage}.yaml"))).ok()?)))
            .collect();
        assert!(
            stages.len() >= 2 && stages[0].0 == "before" && stages[1].0 == "after",
            "{name}: a case needs before.yaml and after.yaml"
        );
        let rows = std::fs::read_to_string(dir.join("rows.sql")).ok();
        let expects = rows.as_deref().map(parse_expects).unwrap_or_default();
        let writes = rows
            .as_deref()
            .map(|text| {
                text.lines()
                    .filter_map(|line| line.trim().strip_prefix("-- run "))
                    .map(|rest| {
                        let (stage, statement) = rest.split_once(": ").unwrap_or_else(|| {
                            panic!("rows.sql: `-- run {rest}` is not `-- run <stage>: <statement>`")
                        });
                        assert!(
                            STAGES.contains(&stage) || stage == "reverted",
                            "rows.sql: unknown stage `{stage}`"
                        );
                        (stage.to_string(), statement.to_string())
                    })
                    .collect()
            })
            .unwrap_or_default();
        let seed = rows.filter(|text| {
            text.lines()
                .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with("--"))
        });
        Case {
            name,
            dir,
            stages,
            seed,
            expects,
            writes,
        }
    }

    /// The first comment line of a stage's file: what that step changes.
    fn describe(&self, stage: usize) -> String {
        let text = &self.stages[stage].1;
        text.lines()
            .next()
            .and_then(|l| l.strip_prefix('#'))
            .map(|l| l.trim().to_string())
            .unwrap_or_default()
    }

    /// The stage's tables as the sources read them, before any check: the checks' verdict is
    /// part of the outcome.
    fn schema(&self, stage: usize) -> Schema {
        let (name, text) = &self.stages[stage];
        // A relative file name keeps the pinned diagnostics independent of the checkout.
        let file = Arc::new(PathBuf::from(format!("{name}.yaml")));
        let (mut schema, problems) = tablewright_core::source::yaml::parse_schema_str(text, Some(file));
        assert!(
            problems.iter().all(|d| !d.is_error()),
            "{}/{name}.yaml does not parse:\n{}",
            self.name,
            problems.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
        );
        // As Project::load does.
        schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
        schema.functions.sort_by_key(|f| f.signature());
        schema.views.sort_by(|a, b| a.name.cmp(&b.name));
        schema.sort_type_objects();
        schema.resolve_references();
        schema
    }
}

fn parse_expects(text: &str) -> Vec<Expect> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("-- expect "))
        .map(|rest| {
            let bad = || -> ! { panic!("rows.sql: `-- expect {rest}` is not `-- expect <stage> <n>: <query>`") };
            let (head, query) = rest.split_once(": ").unwrap_or_else(|| bad());
            let (stage, count) = head.split_once(' ').unwrap_or_else(|| bad());
            let (stage, dialects) = stage.split_once('@').unwrap_or((stage, ""));
            assert!(
                STAGES.contains(&stage) || stage == "reverted",
                "rows.sql: unknown stage `{stage}`"
            );
            let dialects: Vec<String> = dialects
                .split(',')
                .filter(|d| !d.is_empty())
                .map(String::from)
                .collect();
            for dialect in &dialects {
                assert!(
                    DIALECTS.iter().any(|d| d.to_string() == *dialect),
                    "rows.sql: unknown database `{dialect}`"
                );
            }
            Expect {
                stage: stage.to_string(),
                dialects,
                count: count.parse().unwrap_or_else(|_| bad()),
                query: query.to_string(),
            }
        })
        .collect()
}

/// What one case does on one database.
struct Verdict {
    /// The whole `expected/<dialect>.sql`.
    text: String,
    /// The cell of the table in docs/corpus.md.
    summary: String,
    /// Every stage's schema, when each passes the checks and every change is planned: then the
    /// case runs on the database.
    runnable: Option<Vec<Schema>>,
}

fn evaluate(case: &Case, dialect: Dialect) -> Verdict {
    let mut text = format!(
        "-- Corpus case `{}` on {dialect}: what db-tests/tests/corpus.rs pins for it.\n\
         -- Do not edit: after an intended change run the test with {BLESS}=1 and review the diff.\n",
        case.name
    );
    let schemas: Vec<Schema> = (0..case.stages.len()).map(|i| case.schema(i)).collect();
    let file = |i: usize| format!("{}.yaml", case.stages[i].0);

    // The checks run first, as the build does: a schema they refuse is never planned.
    let mut refused_by_checks = Vec::new();
    for (i, schema) in schemas.iter().enumerate() {
        let errors: Vec<Diagnostic> = check_schema(schema, dialect)
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        if !errors.is_empty() {
            section(&mut text, &format!("{}: refused by the checks", file(i)));
            diagnostics(&mut text, &errors);
            refused_by_checks.push(format!("{}: {}", file(i), brief(&errors)));
        }
    }
    if !refused_by_checks.is_empty() {
        return Verdict {
            text,
            summary: format!("refused by the checks: {}", refused_by_checks.join("; ")),
            runnable: None,
        };
    }

    let mut cells = Vec::new();
    for i in 1..schemas.len() {
        let step = format!("{} -> {}", file(i - 1), file(i));
        let prefix = if schemas.len() > 2 {
            format!("{}: ", case.stages[i].0)
        } else {
            String::new()
        };
        let planned = match plan(&schemas[i - 1], &schemas[i], dialect) {
            Ok(planned) => planned,
            Err(refusals) => {
                section(&mut text, &format!("{step}: refused by the planner"));
                diagnostics(&mut text, &refusals);
                cells.push(format!("{prefix}refused: {}", brief(&refusals)));
                // Later steps start from a schema this one never reached.
                return Verdict {
                    text,
                    summary: cells.join("; "),
                    runnable: None,
                };
            }
        };
        let rendered = render(&planned, dialect);
        if rendered.is_empty() {
            section(&mut text, &format!("{step}: no migration"));
            text.push_str("-- Nothing changes on this database.\n");
            cells.push(format!("{prefix}no migration"));
            continue;
        }
        let count = rendered.len();
        section(
            &mut text,
            &format!("{step}: {count} migration{}", if count == 1 { "" } else { "s" }),
        );
        let slug = planned.slug();
        let mut kinds = Vec::new();
        for (n, (unit, sql)) in planned.units.iter().zip(&rendered).enumerate() {
            // The folder name as Project::sync writes it: the first one has no suffix.
            let folder = match &sql.suffix {
                Some(suffix) if n > 0 => format!("<version>_{slug}_{suffix}"),
                _ => format!("<version>_{slug}"),
            };
            let _ = write!(
                text,
                "\n-- ---------- migration {} of {count}: {folder} (run_in_transaction = {}) ----------\n",
                n + 1,
                sql.run_in_transaction
            );
            let _ = write!(text, "-- up.sql:\n{}\n-- down.sql:\n{}", sql.up, sql.down);
            let kind = match unit.kind {
                UnitKind::Main => "main",
                UnitKind::EnumValues => "enum values",
                UnitKind::Backfill => "backfill",
                UnitKind::Validate => "validate",
                UnitKind::Index => "index",
                UnitKind::Attach => "attach",
                UnitKind::Swap => "swap",
                UnitKind::Exclusion => "exclusion",
            };
            let mut label = kind.to_string();
            if unit.steps.iter().any(|s| matches!(s, Step::RebuildTable { .. })) {
                label.push_str("&nbsp;(table&nbsp;rebuild)");
            }
            if !sql.run_in_transaction {
                label.push_str("&nbsp;(no&nbsp;transaction)");
            }
            kinds.push(label);
        }
        cells.push(format!("{prefix}{}", kinds.join(" + ")));
    }
    Verdict {
        text,
        summary: cells.join("; "),
        runnable: Some(schemas),
    }
}

fn section(text: &mut String, title: &str) {
    let _ = write!(text, "\n-- ==================== {title} ====================\n");
}

/// Diagnostics as SQL comments, in the order they were found.
fn diagnostics(text: &mut String, found: &[Diagnostic]) {
    for diagnostic in found {
        for line in diagnostic.to_string().lines() {
            let _ = writeln!(text, "-- {line}");
        }
    }
}

/// The messages alone, for the docs table.
fn brief(found: &[Diagnostic]) -> String {
    found
        .iter()
        .map(|d| format!("{} (`{}`)", d.message, d.code))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Compares `actual` with the file at `path`; with TABLEWRIGHT_BLESS set, writes it instead.
/// Returns the failure message, if any.
fn compare_or_bless(path: &Path, actual: &str) -> Option<String> {
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    if blessing() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        eprintln!("blessed {}", shown(path));
        return None;
    }
    Some(format!(
        "{} differs from what the engine produces now:\n{}",
        shown(path),
        unified_diff(&expected, actual)
    ))
}

/// A path as seen from the repository root.
fn shown(path: &Path) -> String {
    let db_tests = Path::new(env!("CARGO_MANIFEST_DIR"));
    match (path.strip_prefix(db_tests), path.strip_prefix(repo_root())) {
        (_, Ok(rest)) => rest.display().to_string(),
        (Ok(rest), _) => Path::new("db-tests").join(rest).display().to_string(),
        _ => path.display().to_string(),
    }
}

fn fail_unless_blessed(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{}\n\n{} file(s) differ. If the change is intended, run again with {BLESS}=1 to accept it, and review the diff:\n  \
         {BLESS}=1 cargo test -p tablewright-db-tests --test corpus",
        failures.join("\n\n"),
        failures.len()
    );
}

#[test]
fn expected_migrations() {
    let mut failures = Vec::new();
    for case in Case::all() {
        for dialect in DIALECTS {
            let outcome = evaluate(&case, dialect);
            let path = case.dir.join("expected").join(format!("{dialect}.sql"));
            failures.extend(compare_or_bless(&path, &outcome.text));
        }
    }
    fail_unless_blessed(failures);
}

/// Every migration the corpus generates lints clean on its database: what the linter would flag
/// is either planned differently or carries a waiver that says why it is safe.
#[test]
fn generated_migrations_lint_clean() {
    let mut failures = Vec::new();
    for case in Case::all() {
        for dialect in DIALECTS {
            let Some(schemas) = evaluate(&case, dialect).runnable else {
                continue;
            };
            let dir = tablewright_db_tests::tempdir();
            let folder = dir.path().join("migrations");
            for (i, schema) in schemas.iter().enumerate() {
                generate(&folder, dialect, schema, i as u64);
            }
            let findings = tablewright_lint::lint_path(&folder, dialect, &tablewright_lint::Options::default())
                .unwrap_or_else(|e| panic!("{}: {e}", case.name));
            for finding in findings {
                let file = finding
                    .file
                    .as_deref()
                    .and_then(|f| f.strip_prefix(&folder).ok())
                    .map(|f| f.display().to_string())
                    .unwrap_or_default();
                failures.push(format!(
                    "{} on {dialect}: {file}:{}: [{}] {}",
                    case.name, finding.line, finding.rule, finding.message
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} finding(s) on generated migrations:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

const TABLE_BEGIN: &str = "<!-- corpus table: written by db-tests/tests/corpus.rs -->";
const TABLE_END: &str = "<!-- end of corpus table -->";

/// The outcome table in docs/corpus.md, between its markers, is generated from the corpus.
#[test]
fn outcome_table() {
    let mut table = String::from("| case | change | PostgreSQL | SQLite | MySQL / MariaDB |\n|---|---|---|---|---|\n");
    for case in Case::all() {
        let mut change = case.describe(1);
        if case.stages.len() > 2 {
            change = format!("{change} Then: {}", case.describe(2));
        }
        let cells: Vec<String> = DIALECTS
            .iter()
            .map(|d| evaluate(&case, *d).summary.replace('|', "\\|"))
            .collect();
        let _ = writeln!(
            table,
            "| [`{0}`](../db-tests/corpus/{0}) | {1} | {2} |",
            case.name,
            change.replace('|', "\\|"),
            cells.join(" | ")
        );
    }
    let path = repo_root().join("docs/corpus.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (Some(start), Some(end)) = (doc.find(TABLE_BEGIN), doc.find(TABLE_END)) else {
        panic!("{} lacks the markers {TABLE_BEGIN} and {TABLE_END}", path.display());
    };
    let updated = format!("{}{TABLE_BEGIN}\n\n{table}\n{}", &doc[..start], &doc[end..]);
    fail_unless_blessed(compare_or_bless(&path, &updated).into_iter().collect());
}

// ---------------------------------------------------------------------------------------------
// On real databases.

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// A database of its own: its URL, and the value that drops it when this is dropped.
struct Fresh {
    url: String,
    _keep: Box<dyn Any>,
}

fn fresh_postgres() -> Fresh {
    let db = ServerDatabase::postgres().expect("checked at the start of the test");
    Fresh {
        url: db.url.clone(),
        _keep: Box::new(db),
    }
}

fn fresh_mysql() -> Fresh {
    let db = ServerDatabase::mysql().expect("checked at the start of the test");
    Fresh {
        url: db.url.clone(),
        _keep: Box::new(db),
    }
}

fn fresh_sqlite() -> Fresh {
    let db = SqliteDatabase::new();
    Fresh {
        url: db.path.to_str().expect("utf-8 path").to_string(),
        _keep: Box::new(db),
    }
}

#[test]
fn postgres() {
    // Skips loudly (or fails under CI) without a server.
    if ServerDatabase::postgres().is_none() {
        return;
    }
    run_corpus::<PgConnection>(Dialect::Postgres, fresh_postgres);
}

#[test]
fn mysql() {
    if ServerDatabase::mysql().is_none() {
        return;
    }
    run_corpus::<MysqlConnection>(Dialect::Mysql, fresh_mysql);
}

#[test]
fn sqlite() {
    run_corpus::<SqliteConnection>(Dialect::Sqlite, fresh_sqlite);
}

/// Runs every case that is not refused; a failing case does not stop the others, so one run
/// shows every broken case.
fn run_corpus<C>(dialect: Dialect, fresh: fn() -> Fresh)
where
    C: Database,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    let started = Instant::now();
    let mut ran = 0;
    let mut failed = Vec::new();
    // `TABLEWRIGHT_CORPUS_CASES=a,b` runs only those cases (while working on them).
    let only: Vec<String> = std::env::var("TABLEWRIGHT_CORPUS_CASES")
        .map(|v| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    for case in Case::all() {
        if !only.is_empty() && !only.contains(&case.name) {
            continue;
        }
        let Some(schemas) = evaluate(&case, dialect).runnable else {
            continue;
        };
        ran += 1;
        let result = catch_unwind(AssertUnwindSafe(|| exercise::<C>(&case, dialect, &schemas, fresh)));
        if let Err(panic) = result {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failed.push(format!("{}: {message}", case.name));
        }
    }
    eprintln!("{dialect}: {ran} corpus cases ran in {:.1?}", started.elapsed());
    assert!(
        failed.is_empty(),
        "{} of {ran} corpus cases failed on {dialect}:\n\n{}",
        failed.len(),
        failed.join("\n\n")
    );
}

/// One case on one database: up through every stage, down to `before`, up again.
fn exercise<C>(case: &Case, dialect: Dialect, schemas: &[Schema], fresh: fn() -> Fresh)
where
    C: Database,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    let db = fresh();
    let url = db.url.as_str();
    let dir = tablewright_db_tests::tempdir();
    let folder = dir.path().join("migrations");
    let connect = || C::establish(url).unwrap_or_else(|e| panic!("connect to {url}: {e}"));
    let stage = |i: usize| case.stages[i].0;
    let up = |when: &str| {
        let migrations = Migrations::from_dir(&folder).unwrap();
        Migrator::new(&migrations)
            .run::<C>(url)
            .unwrap_or_else(|e| panic!("{when}: {e}"));
    };
    let matches = |i: usize, when: &str| {
        assert_no_drift(
            &mut connect(),
            &schemas[i],
            dialect,
            &format!("{when}, the database differs from {}.yaml", stage(i)),
        );
    };
    let check_stage = |name: &str, when: &str| {
        let mut conn = connect();
        let here = |e: &&Expect| e.dialects.is_empty() || e.dialects.contains(&dialect.to_string());
        for expect in case.expects.iter().filter(|e| e.stage == name).filter(here) {
            let found = diesel::sql_query(&expect.query)
                .get_result::<Count>(&mut conn)
                .unwrap_or_else(|e| panic!("{when}: `{}`: {e}", expect.query))
                .n;
            assert_eq!(found, expect.count, "{when}: `{}`", expect.query);
        }
    };
    let check_rows = |i: usize, when: &str| check_stage(stage(i), when);
    let write_at = |name: &str| {
        for (_, statement) in case.writes.iter().filter(|(s, _)| s == name) {
            connect()
                .batch_execute(statement)
                .unwrap_or_else(|e| panic!("rows.sql at {name}: `{statement}`: {e}"));
        }
    };
    let write = |i: usize| write_at(stage(i));

    generate(&folder, dialect, &schemas[0], 0);
    up("before up");
    matches(0, "before up");
    if let Some(seed) = &case.seed {
        connect()
            .batch_execute(seed)
            .unwrap_or_else(|e| panic!("rows.sql: {e}"));
    }
    check_rows(0, "after rows.sql");
    write(0);

    let mut written = Vec::new();
    for i in 1..schemas.len() {
        let when = format!("{} up", stage(i));
        let folders = generate(&folder, dialect, &schemas[i], i as u64);
        // What runs is what the expected file pins.
        let rendered = render(&plan(&schemas[i - 1], &schemas[i], dialect).unwrap(), dialect);
        let ups: Vec<String> = rendered.iter().map(|m| m.up.clone()).collect();
        let downs: Vec<String> = rendered.iter().map(|m| m.down.clone()).collect();
        assert_eq!(
            read_all(&folders, "up.sql"),
            ups,
            "{when}: the written up.sql differ from the plan's"
        );
        assert_eq!(
            read_all(&folders, "down.sql"),
            downs,
            "{when}: the written down.sql differ from the plan's"
        );
        up(&when);
        matches(i, &when);
        check_rows(i, &when);
        write(i);
        same_as_fresh_build::<C>(&schemas[i], dialect, &connect().catalog().unwrap(), fresh, &when);
        written.push(folders.len());
    }

    let mut rows_lost = false;
    for i in (1..schemas.len()).rev() {
        let when = format!("{} reverted", stage(i));
        let migrations = Migrations::from_dir(&folder).unwrap();
        for _ in 0..written[i - 1] {
            let reverted = tablewright::revert::<C>(url, &migrations, None, Duration::from_secs(30))
                .unwrap_or_else(|e| panic!("{when}: {e}"));
            assert_eq!(reverted.len(), 1, "{when}: one migration per revert");
        }
        // A purge's down brings the table or column back empty.
        rows_lost |= stage(i) == "purged";
        matches(i - 1, &when);
        if !rows_lost {
            check_rows(i - 1, &when);
            if i == 1 {
                check_stage("reverted", &when);
                write_at("reverted");
            }
        }
    }

    let last = schemas.len() - 1;
    up("up again");
    matches(last, "up again");
    if !rows_lost {
        check_rows(last, "up again");
    }
}

/// Writes the migrations from the previous stage to `schema` (sealing the earlier ones, as a
/// commit would); returns the folders written, none when nothing changes on this database.
fn generate(folder: &Path, dialect: Dialect, schema: &Schema, step: u64) -> Vec<PathBuf> {
    let set = MigrationSet::read(folder).unwrap_or_else(|_| MigrationSet {
        dir: folder.to_path_buf(),
        ..MigrationSet::default()
    });
    for existing in &set.folders {
        existing.seal().unwrap();
    }
    let project = Project {
        schema_dirs: vec![],
        source_dirs: vec![],
        migrations_dir: folder.to_path_buf(),
        dialect,
    };
    // Distinct, increasing clock readings, as successive commits would have.
    let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000 + step * 60);
    let outcome = project
        .sync(schema, Mode::Write, now)
        .unwrap_or_else(|e| panic!("generating step {step}: {e}"));
    assert!(
        matches!(outcome, Outcome::Created { .. } | Outcome::UpToDate),
        "generating step {step}: {outcome:?}"
    );
    // Generating again finds nothing to do.
    assert_eq!(
        project.sync(schema, Mode::Check, SystemTime::now()).unwrap(),
        Outcome::UpToDate,
        "generating step {step} again"
    );
    let after = MigrationSet::read(folder).unwrap();
    after.folders[set.folders.len()..]
        .iter()
        .map(|f| f.path.clone())
        .collect()
}

fn read_all(folders: &[PathBuf], file: &str) -> Vec<String> {
    folders
        .iter()
        .map(|f| std::fs::read_to_string(f.join(file)).unwrap())
        .collect()
}

fn assert_no_drift<C: Database>(conn: &mut C, schema: &Schema, dialect: Dialect, context: &str) {
    let differences = drift_of(conn, schema).unwrap_or_else(|e| panic!("{context} ({dialect}): {e}"));
    assert!(
        differences.is_empty(),
        "{context}:\n{}",
        differences
            .iter()
            .map(|d| format!("  {d}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// A database built straight from `schema` has the same catalog as the migrated one.
fn same_as_fresh_build<C>(schema: &Schema, dialect: Dialect, migrated: &Catalog, fresh: fn() -> Fresh, when: &str)
where
    C: Database,
{
    let db = fresh();
    let dir = tablewright_db_tests::tempdir();
    let folder = dir.path().join("migrations");
    generate(&folder, dialect, schema, 0);
    let migrations = Migrations::from_dir(&folder).unwrap();
    Migrator::new(&migrations)
        .run::<C>(&db.url)
        .unwrap_or_else(|e| panic!("{when}: building the schema fresh: {e}"));
    let built = C::establish(&db.url).unwrap().catalog().unwrap();
    let (migrated, built) = (
        comparable(migrated, schema, dialect),
        comparable(&built, schema, dialect),
    );
    assert!(
        migrated == built,
        "{when}: the migrated database differs from one built straight from the schema (- migrated, + built):\n{}",
        unified_diff(&format!("{migrated:#?}"), &format!("{built:#?}"))
    );
}

/// What the two databases are expected to share:
/// - the data a drop keeps (`<name>__dropped` tables and columns) and the values a narrowing
///   keeps (`<table>__<column>__narrowed`) exist only in the migrated one;
/// - SQLite names unique constraints itself, and adds one to an existing table as a unique index
///   (it has no ADD CONSTRAINT); so there, unique constraints are compared by their columns.
fn comparable(catalog: &Catalog, schema: &Schema, dialect: Dialect) -> Catalog {
    let mut catalog = catalog.clone();
    catalog
        .tables
        .retain(|name, _| !name.ends_with(&backup_name("")) && !is_narrowing_backup(name));
    // The migrators' bookkeeping is not the schema (PostgreSQL's progress table, for one, exists
    // only once a migration has run outside a transaction).
    catalog
        .tables
        .retain(|name, _| !name.starts_with("__tablewright_") && name != "__diesel_schema_migrations");
    for table in catalog.tables.values_mut() {
        table.columns.retain(|c| !c.name.ends_with(&backup_name("")));
    }
    if dialect == Dialect::Sqlite {
        for (name, table) in catalog.tables.iter_mut() {
            let unique_names: Vec<String> = schema
                .table(name)
                .map(|t| t.uniques.iter().map(|u| u.name.clone()).collect())
                .unwrap_or_default();
            sqlite_uniques_by_columns(table, &unique_names);
        }
    }
    catalog
}

fn sqlite_uniques_by_columns(table: &mut CatalogTable, unique_names: &[String]) {
    for name in unique_names {
        if table.indexes.get(name).is_some_and(|i| i.unique && !i.is_partial()) {
            let index = table.indexes.remove(name).unwrap();
            table.uniques.insert(name.clone(), index.columns);
        }
    }
    table.uniques = std::mem::take(&mut table.uniques)
        .into_values()
        .map(|columns| (columns.join(","), columns))
        .collect();
}

// ---------------------------------------------------------------------------------------------

/// A unified diff of two texts, line by line, with three lines of context.
fn unified_diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    // Longest common subsequence from each position onwards.
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // (tag, line in a, line in b) for every line of the edit script.
    let mut ops: Vec<(char, usize, usize)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', i, j));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', i, j));
            i += 1;
        } else {
            ops.push(('+', i, j));
            j += 1;
        }
    }
    const CONTEXT: usize = 3;
    let mut out = String::from("--- expected\n+++ actual\n");
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(CONTEXT);
        let mut end = (changed[k] + CONTEXT + 1).min(ops.len());
        while k + 1 < changed.len() && changed[k + 1] <= end + CONTEXT {
            k += 1;
            end = (changed[k] + CONTEXT + 1).min(ops.len());
        }
        let hunk = &ops[start..end];
        let old_len = hunk.iter().filter(|o| o.0 != '+').count();
        let new_len = hunk.iter().filter(|o| o.0 != '-').count();
        let _ = writeln!(out, "@@ -{},{old_len} +{},{new_len} @@", hunk[0].1 + 1, hunk[0].2 + 1);
        for &(tag, i, j) in hunk {
            let line = if tag == '+' { b[j] } else { a[i] };
            let _ = writeln!(out, "{tag}{line}");
        }
        k += 1;
    }
    out
}

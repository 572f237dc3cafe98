//! The `tablewright` binary: output, exit codes, and that `check` never writes.

use std::path::Path;
use std::process::{Command, Output};

fn tablewright(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tablewright"))
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn project() -> tempfile::TempDir {
    let dir = tablewright_db_tests::tempdir();
    std::fs::create_dir(dir.path().join("schemas")).unwrap();
    std::fs::write(
        dir.path().join("schemas/notes.yaml"),
        "table: notes\ncolumns:\n  id: { type: serial, primary_key: true }\n  body: text\n",
    )
    .unwrap();
    dir
}

#[test]
fn check_fails_with_exit_1_until_generate_writes_the_migration() {
    let dir = project();
    let check = tablewright(dir.path(), &["check", "--dialect", "postgres"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    assert!(
        text(&check).contains("out of date with the schema: would create"),
        "{}",
        text(&check)
    );
    assert!(!dir.path().join("migrations").exists(), "check wrote nothing");

    let generate = tablewright(dir.path(), &["generate", "--dialect", "postgres"]);
    assert_eq!(generate.status.code(), Some(0), "{}", text(&generate));
    assert!(text(&generate).contains("wrote migrations/"), "{}", text(&generate));
    assert!(text(&generate).contains("create table notes"), "{}", text(&generate));

    let check = tablewright(dir.path(), &["check", "--dialect", "postgres"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));
    assert!(text(&check).contains("up to date"));
}

#[test]
fn schema_errors_exit_2_with_every_problem() {
    let dir = project();
    std::fs::write(dir.path().join("schemas/bad.yaml"), "table: bad\ncolumns:\n  id: { type: serial, primary_key: true }\n  a: intger\n  b: { type: text, nulable: true }\n").unwrap();
    let output = tablewright(dir.path(), &["generate", "--dialect", "sqlite"]);
    assert_eq!(output.status.code(), Some(2));
    let text = text(&output);
    assert!(
        text.contains("unknown key `nulable` in column `b`; did you mean `nullable`?"),
        "{text}"
    );
    assert!(text.contains("bad.yaml:5:20"), "{text}");
    assert!(text.contains("unknown type `intger`"), "{text}");
    assert!(!dir.path().join("migrations").exists());
}

#[test]
fn bad_usage_is_explained() {
    let dir = project();
    let output = tablewright(dir.path(), &["generate", "--dialect", "oracle"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).contains("unknown dialect `oracle`; expected one of: postgres (or postgresql, pg), sqlite (or sqlite3), mysql (or mariadb)"),
        "{}",
        text(&output)
    );
}

#[test]
fn schema_json_prints_the_json_schema() {
    let output = tablewright(Path::new("."), &["schema-json"]);
    assert!(output.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(schema["title"], "Tablewright schema document");
    assert_eq!(
        schema["anyOf"].as_array().map(Vec::len),
        Some(7),
        "table, extension, enum, domain, function, composite, view"
    );
}

#[test]
fn plan_prints_what_generate_would_write_and_writes_nothing() {
    let dir = project();
    let plan = tablewright(dir.path(), &["plan", "--dialect", "postgres"]);
    assert_eq!(plan.status.code(), Some(0), "{}", text(&plan));
    let printed = text(&plan);
    assert!(printed.contains("-- would create migrations/"), "{printed}");
    assert!(printed.contains("CREATE TABLE \"notes\""), "{printed}");
    assert!(printed.contains("DROP TABLE \"notes\""), "{printed}");
    assert!(!dir.path().join("migrations").exists(), "plan wrote nothing");

    let json = tablewright(dir.path(), &["plan", "--dialect", "postgres", "--format", "json"]);
    let plan: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(plan["outcome"], "create");
    assert!(plan["folder"].as_str().unwrap().starts_with("migrations/"));
    assert!(plan["up"].as_str().unwrap().contains("CREATE TABLE \"notes\""));
    assert!(plan["down"].as_str().unwrap().contains("DROP TABLE \"notes\""));

    // After generate, the same SQL is on disk, and plan has nothing more to say; the dialect is
    // read from the generated migration.
    assert!(tablewright(dir.path(), &["generate", "--dialect", "postgres"])
        .status
        .success());
    let folder = std::fs::read_dir(dir.path().join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(folder.join("up.sql")).unwrap(),
        plan["up"].as_str().unwrap()
    );
    let json = tablewright(dir.path(), &["plan", "--format", "json"]);
    let after: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        after,
        serde_json::json!({ "outcome": "up_to_date", "folder": null, "summary": [], "up": null, "down": null, "migrations": [] })
    );

    // An edit to the schema rewrites the draft.
    std::fs::write(dir.path().join("schemas/notes.yaml"), "table: notes\ncolumns:\n  id: { type: serial, primary_key: true }\n  body: text\n  title: { type: text, nullable: true }\n").unwrap();
    let json = tablewright(dir.path(), &["plan", "--format", "json"]);
    let update: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(update["outcome"], "update");
    assert!(update["up"].as_str().unwrap().contains("\"title\" text,"), "{update:#}");
}

#[test]
fn plan_and_generate_need_a_dialect_for_a_new_folder() {
    let dir = project();
    let output = tablewright(dir.path(), &["plan"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).contains("pass --dialect postgres, sqlite or mysql"),
        "{}",
        text(&output)
    );
}

#[test]
fn seal_freezes_the_draft_so_the_next_change_is_a_new_migration() {
    let dir = project();
    let output = tablewright(dir.path(), &["seal"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).contains("no generated migration in migrations to seal"),
        "{}",
        text(&output)
    );

    assert!(tablewright(dir.path(), &["generate", "--dialect", "sqlite"])
        .status
        .success());
    let folder = std::fs::read_dir(dir.path().join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .unwrap();
    let name = folder.file_name().unwrap().to_str().unwrap().to_string();
    let version = name.split('_').next().unwrap();
    let output = tablewright(dir.path(), &["seal", "19990101000000"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output).contains("no migration with version 19990101000000"),
        "{}",
        text(&output)
    );

    let output = tablewright(dir.path(), &["seal", version]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(
        text(&output).contains(&format!("sealed migrations/{name}")),
        "{}",
        text(&output)
    );
    assert!(std::fs::read_to_string(folder.join("metadata.toml"))
        .unwrap()
        .contains("draft = false"));
    let again = tablewright(dir.path(), &["seal"]);
    assert!(text(&again).contains("already sealed"), "{}", text(&again));

    std::fs::write(dir.path().join("schemas/notes.yaml"), "table: notes\ncolumns:\n  id: { type: serial, primary_key: true }\n  body: text\n  title: { type: text, nullable: true }\n").unwrap();
    let generate = tablewright(dir.path(), &["generate"]);
    assert!(
        text(&generate).contains("wrote migrations/"),
        "a new migration, not the sealed one rewritten: {}",
        text(&generate)
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("migrations"))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().is_dir())
            .count(),
        2
    );
}

#[test]
fn help_teaches_with_examples_and_documents_exit_codes() {
    let help = tablewright(Path::new("."), &["--help"]);
    assert!(help.status.success());
    let help = text(&help);
    for expected in [
        "Exit codes:",
        "1  migrations out of date (check), drift found (diff), or lint errors (lint)",
        "Settings (tablewright.toml at the crate root, or the same keys under [package.metadata.tablewright]):",
        "--config <FILE>",
        "DATABASE_URL",
        "mysql://",
    ] {
        assert!(help.contains(expected), "{expected:?} in:\n{help}");
    }
    for command in [
        &["generate"][..],
        &["check"],
        &["plan"],
        &["seal"],
        &["migrate"],
        &["migrate", "up"],
        &["migrate", "down"],
        &["migrate", "redo"],
        &["migrate", "status"],
        &["restamp"],
        &["diff"],
        &["schema-json"],
    ] {
        let mut args = command.to_vec();
        args.push("--help");
        let output = tablewright(Path::new("."), &args);
        assert!(output.status.success(), "{args:?}");
        assert!(
            text(&output).contains("Example"),
            "no example in `tablewright {}`:\n{}",
            args.join(" "),
            text(&output)
        );
    }
    // DATABASE_URL usually carries a password: help never shows its value.
    let output = Command::new(env!("CARGO_BIN_EXE_tablewright"))
        .args(["diff", "--help"])
        .env("DATABASE_URL", "postgres://u:secret@h/db")
        .output()
        .unwrap();
    assert!(!text(&output).contains("secret"), "{}", text(&output));
}

#[test]
fn lint_reports_the_seed_migrations_rls_holes_and_exits_1() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../db-tests/fixtures/seed/storage_locations_up.sql");
    let output = tablewright(
        Path::new("."),
        &["lint", seed.to_str().unwrap(), "--dialect", "postgres"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    for rule in [
        "tenant-without-forced-rls",
        "current-setting-without-missing-ok",
        "current-setting-cast-without-nullif",
    ] {
        assert!(
            text(&output).contains(&format!("[{rule}]")),
            "{rule}:\n{}",
            text(&output)
        );
    }
    let json = tablewright(
        Path::new("."),
        &[
            "lint",
            seed.to_str().unwrap(),
            "--dialect",
            "postgres",
            "--format",
            "json",
        ],
    );
    let findings: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(findings.as_array().is_some_and(|f| f.len() >= 3), "{findings}");
    // Machine formats: the document on stdout, nothing on stderr, the exit code says it.
    assert_eq!(json.status.code(), Some(1));
    assert!(json.stderr.is_empty(), "{}", String::from_utf8_lossy(&json.stderr));
    let sarif = tablewright(
        Path::new("."),
        &[
            "lint",
            seed.to_str().unwrap(),
            "--dialect",
            "postgres",
            "--format",
            "sarif",
        ],
    );
    assert_eq!(sarif.status.code(), Some(1));
    assert!(sarif.stderr.is_empty(), "{}", String::from_utf8_lossy(&sarif.stderr));
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert!(
        log["runs"][0]["results"].as_array().is_some_and(|r| r.len() >= 3),
        "{log}"
    );
    let github = tablewright(
        Path::new("."),
        &[
            "lint",
            seed.to_str().unwrap(),
            "--dialect",
            "postgres",
            "--format",
            "github",
        ],
    );
    assert_eq!(github.status.code(), Some(1));
    assert!(github.stderr.is_empty());
    assert!(String::from_utf8_lossy(&github.stdout)
        .lines()
        .all(|l| l.starts_with("::error ") || l.starts_with("::warning ")));
}

#[test]
fn generated_migrations_lint_clean_and_the_dialect_comes_from_them() {
    let dir = project();
    assert!(tablewright(dir.path(), &["generate", "--dialect", "postgres"])
        .status
        .success());
    let output = tablewright(dir.path(), &["lint"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(text(&output).contains("no findings"), "{}", text(&output));
    let lonely = tablewright_db_tests::tempdir();
    std::fs::write(lonely.path().join("x.sql"), "SELECT 1;").unwrap();
    let output = tablewright(lonely.path(), &["lint", "x.sql"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output).contains("pass --dialect"), "{}", text(&output));
}

/// A change PostgreSQL makes in several migrations (main, backfill, validate) is sealed as one:
/// sealing its first folder seals the rest, and a plan whose first folder was sealed alone (or
/// committed alone) keeps its other folders instead of losing them to the next generate.
#[test]
fn a_plan_written_as_several_migrations_is_sealed_whole() {
    let dir = project();
    assert!(tablewright(dir.path(), &["generate", "--dialect", "postgres"])
        .status
        .success());
    assert!(tablewright(dir.path(), &["seal"]).status.success());
    std::fs::write(
        dir.path().join("schemas/notes.yaml"),
        "table: notes\ncolumns:\n  id: { type: serial, primary_key: true }\n  body: text\n  title: { type: text, nullable: true, check: title <> '' }\n  token: { type: uuid, nullable: true, default_sql: gen_random_uuid() }\n",
    )
    .unwrap();
    let generate = tablewright(dir.path(), &["generate"]);
    assert!(generate.status.success(), "{}", text(&generate));
    let folders = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.path().join("migrations"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        names
    };
    let written = folders();
    assert_eq!(written.len(), 4, "create, then main + backfill + validate: {written:?}");
    let is_draft = |name: &str| {
        std::fs::read_to_string(dir.path().join("migrations").join(name).join("metadata.toml"))
            .unwrap()
            .contains("draft = true")
    };

    // Only the main migration sealed, as `git add` of one folder would leave it: the next
    // generate keeps the others.
    let main = &written[1];
    let metadata = dir.path().join("migrations").join(main).join("metadata.toml");
    let sealed = std::fs::read_to_string(&metadata)
        .unwrap()
        .replace("draft = true", "draft = false");
    std::fs::write(&metadata, sealed).unwrap();
    let again = tablewright(dir.path(), &["generate"]);
    assert!(again.status.success(), "{}", text(&again));
    assert_eq!(folders(), written, "{}", text(&again));

    // A later change is a draft of its own, rewritten by the edits after it.
    let notes = dir.path().join("schemas/notes.yaml");
    let with = |extra: &str| {
        let text = std::fs::read_to_string(&notes).unwrap();
        std::fs::write(&notes, format!("{text}  {extra}\n")).unwrap();
    };
    with("rank: { type: integer, nullable: true }");
    assert!(tablewright(dir.path(), &["generate"]).status.success());
    assert_eq!(folders().len(), written.len() + 1);
    with("note: { type: text, nullable: true }");
    let rewrite = tablewright(dir.path(), &["generate"]);
    // It says this edit's change first, then what the whole draft now does.
    let said = text(&rewrite);
    let headline = said
        .lines()
        .find(|l| l.starts_with("updated draft"))
        .unwrap_or_default();
    assert!(headline.ends_with(": add column notes.note"), "{said}");
    assert!(
        said.contains("the draft now:\n  add column notes.rank\n  add column notes.note"),
        "{said}"
    );
    assert_eq!(folders().len(), written.len() + 1);

    // `seal <main>` seals the whole plan.
    let version = main.split('_').next().unwrap();
    let seal = tablewright(dir.path(), &["seal", version]);
    assert!(seal.status.success(), "{}", text(&seal));
    assert!(written[1..].iter().all(|name| !is_draft(name)), "{}", text(&seal));
}

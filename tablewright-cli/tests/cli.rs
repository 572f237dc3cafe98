//! The `tablewright` binary: output, exit codes, and that `check` never writes.

use std::path::Path;
use std::process::{Command, Output};

fn tablewright(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tablewright")).args(args).current_dir(dir).env_remove("CI").output().unwrap()
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("schemas")).unwrap();
    std::fs::write(dir.path().join("schemas/notes.yaml"), "table: notes\ncolumns:\n  id: { type: serial, primary_key: true }\n  body: text\n").unwrap();
    dir
}

#[test]
fn check_fails_with_exit_1_until_generate_writes_the_migration() {
    let dir = project();
    let check = tablewright(dir.path(), &["check", "--dialect", "postgres"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    assert!(text(&check).contains("out of date with the schema: would create"), "{}", text(&check));
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
    assert!(text.contains("unknown field `nulable`"), "{text}");
    assert!(text.contains("bad.yaml:5:"), "{text}");
    assert!(!dir.path().join("migrations").exists());
}

#[test]
fn bad_usage_is_explained() {
    let dir = project();
    let output = tablewright(dir.path(), &["generate", "--dialect", "oracle"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output).contains("unknown dialect `oracle`; expected one of: postgres, sqlite, mysql"), "{}", text(&output));
}

#[test]
fn schema_json_prints_the_json_schema() {
    let output = tablewright(Path::new("."), &["schema-json"]);
    assert!(output.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(schema["title"], "Tablewright table");
}

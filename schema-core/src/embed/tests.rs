//! What `embed_migrations!` expands to: every folder's SQL by `include_str!`, drafts marked for
//! debug builds only, and the follow-ups of the draft history in debug builds only.

use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

use proc_macro2::Span;

use super::{embed_folder, embed_set};
use crate::dialect::Dialect;
use crate::project::{Mode, Project};

/// The expansion as formatted Rust source, with the temporary folder's path replaced.
fn expanded(dir: &Path) -> String {
    let output = embed_folder(&dir.join("migrations"), Span::call_site(), None).unwrap_or_else(|e| panic!("{e}"));
    let file = syn::parse_file(&format!("const MIGRATIONS: ::tablewright::Migrations = {output};"))
        .unwrap_or_else(|e| panic!("the expansion does not parse: {e}\n{output}"));
    prettyplease::unparse(&file).replace(dir.to_str().unwrap(), "$DIR")
}

/// Writes `yaml` as the schema and syncs, as a build would at minute `minute`.
fn build(dir: &Path, yaml: &str, minute: u64) {
    let schemas = dir.join("schemas");
    std::fs::create_dir_all(&schemas).unwrap();
    std::fs::write(schemas.join("app.yaml"), yaml).unwrap();
    let project = Project {
        schema_dirs: vec![schemas],
        source_dirs: vec![],
        migrations_dir: dir.join("migrations"),
        dialect: Dialect::Sqlite,
    };
    let schema = project.load().unwrap_or_else(|d| panic!("{d}")).schema;
    let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000 + minute * 60);
    project.sync(&schema, Mode::Write, now).unwrap();
}

const TASKS: &str = "table: tasks\ncolumns:\n  id: { type: serial, primary_key: true }\n";

#[test]
fn a_rewritten_draft_carries_its_follow_up() {
    let dir = crate::test_dir();
    build(dir.path(), TASKS, 0);
    build(
        dir.path(),
        &format!("{TASKS}  title: {{ type: text, nullable: true }}\n"),
        1,
    );
    insta::assert_snapshot!(expanded(dir.path()));
}

#[test]
fn a_broken_folder_is_a_compile_error_naming_the_file() {
    let dir = crate::test_dir();
    let folder = dir.path().join("migrations/20260101000000_x");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("down.sql"), "SELECT 1;").unwrap();
    let error = embed_folder(&dir.path().join("migrations"), Span::call_site(), None).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("up.sql: missing: every migration folder needs an up.sql"),
        "{error}"
    );
}

/// An edit that leaves the draft's SQL as it was (a comment, which SQLite does not store) leaves
/// nothing to follow; the next edits are planned as usual.
#[test]
fn a_rewrite_with_the_same_sql_keeps_the_history_whole() {
    let dir = crate::test_dir();
    let with_comment =
        |comment: &str| format!("{TASKS}  title: {{ type: text, nullable: true, comment: {comment} }}\n");
    build(dir.path(), &with_comment("first"), 0);
    build(dir.path(), &with_comment("second"), 1);
    build(dir.path(), &with_comment("third"), 2);
    build(
        dir.path(),
        &format!("{}  done: {{ type: boolean, default: false }}\n", with_comment("third")),
        3,
    );
    let expanded = expanded(dir.path());
    assert!(expanded.contains("ADD COLUMN \\\"done\\\""), "{expanded}");
}

/// A library's migrations at `<dir>/migrations/core/sqlite/`, one folder of `version`.
fn library_folder(dir: &Path, version: &str) -> std::path::PathBuf {
    let folder = dir.join(format!("migrations/core/sqlite/{version}_create_sessions"));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("up.sql"), "CREATE TABLE sessions (id INTEGER PRIMARY KEY);").unwrap();
    dir.join("migrations")
}

#[test]
fn a_set_whose_ledger_keys_do_not_fit_is_a_compile_error() {
    let dir = crate::test_dir();
    let root = library_folder(dir.path(), "20260101000000");
    let fits = "a".repeat(tablewright_runtime_core::MAX_LEDGER_KEY_LEN - 15);
    let set = syn::LitStr::new(&fits, Span::call_site());
    embed_set(&root, &set, None).unwrap_or_else(|e| panic!("{e}"));

    let too_long = syn::LitStr::new(&format!("{fits}b"), Span::call_site());
    let error = embed_set(&root, &too_long, None).unwrap_err().to_string();
    assert!(
        error.contains(&format!(
            "as `{fits}b:20260101000000`, longer than the 50 characters it keeps"
        )),
        "{error}"
    );
    assert!(error.contains("shorten the set's name"), "{error}");
}

#[test]
fn a_set_name_the_ledger_cannot_keep_apart_is_a_compile_error() {
    let dir = crate::test_dir();
    let root = library_folder(dir.path(), "20260101000000");
    for (name, expected) in [
        ("app", "`app` is the application's own set"),
        ("agents:v2", "not `:`"),
        ("agents/core", "not `/`"),
        ("", "a set's name is empty"),
    ] {
        let set = syn::LitStr::new(name, Span::call_site());
        let error = embed_set(&root, &set, None).unwrap_err().to_string();
        assert!(error.contains(expected), "{name}: {error}");
    }
}

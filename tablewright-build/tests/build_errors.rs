//! What a user sees when `cargo build` meets a schema with errors: a real crate built by a real
//! `cargo`. Every error is shown once, as cargo shows its own, with no panic and no backtrace
//! hint, and the build fails.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().unwrap()
}

/// An app crate whose build script reads `schemas/` (unless `files` holds another build.rs),
/// with tablewright-build's `features`, in a temporary folder.
fn fixture(features: &[&str], files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let build = workspace().join("tablewright-build");
    write(
        "Cargo.toml",
        &format!(
            "[package]\nname = \"tw-errors-fixture\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [build-dependencies]\ntablewright-build = {{ path = {:?}, features = {features:?} }}\n\n[workspace]\n",
            build.display().to_string()
        ),
    );
    write(
        "build.rs",
        "fn main() {\n    tablewright_build::Builder::new().schemas(\"schemas\").dialect(tablewright_build::Dialect::Sqlite).generate();\n}\n",
    );
    write("src/main.rs", "fn main() {}\n");
    for (path, text) in files {
        write(path, text);
    }
    // The workspace's lockfile pins the same versions, so nothing new is downloaded.
    std::fs::copy(workspace().join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    dir
}

/// `cargo build` of the fixture, which must fail; returns everything cargo printed.
fn failed_build(dir: &Path, env: &[(&str, &str)]) -> String {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"));
    let mut command = Command::new(env!("CARGO"));
    command
        .arg("build")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target.join("build-errors-fixture"))
        .env_remove("CI")
        .env_remove("TABLEWRIGHT_CHECK")
        .env_remove("RUST_BACKTRACE");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!output.status.success(), "the build should fail:\n{text}");
    text
}

#[track_caller]
fn once(output: &str, text: &str) {
    assert_eq!(
        output.matches(text).count(),
        1,
        "expected `{text}` exactly once in:\n{output}"
    );
}

#[track_caller]
fn clean(output: &str) {
    for noise in [
        "panicked at",
        "RUST_BACKTRACE",
        "--- stdout",
        "--- stderr",
        "failed to run custom build command",
    ] {
        assert!(!output.contains(noise), "`{noise}` in:\n{output}");
    }
}

#[test]
fn schema_errors_are_reported_once_without_a_panic() {
    let dir = fixture(&["yaml"], &[(
        "schemas/notes.yaml",
        "table: notes\ncolumns:\n  id: { type: serial, primary_key: true }\n  author_id: { type: integer, references: notes.id, index: true }\n  tag: { type: strnig }\n",
    )]);
    let output = failed_build(dir.path(), &[]);
    once(
        &output,
        "schemas/notes.yaml:5:10: [unknown-type] column `tag`: unknown type `strnig`",
    );
    once(
        &output,
        "[fk-without-on-delete] foreign key `notes_author_id_fkey` on `notes`",
    );
    once(&output, "tablewright: 2 errors in the schema; no migration was written");
    clean(&output);
    assert!(
        !dir.path().join("migrations").read_dir().unwrap().any(|_| true),
        "no migration is written from a schema with errors"
    );
}

#[test]
fn stale_migrations_in_ci_are_reported_once_without_a_panic() {
    let dir = fixture(
        &["yaml"],
        &[(
            "schemas/notes.yaml",
            "table: notes\ncolumns:\n  id: { type: serial, primary_key: true }\n",
        )],
    );
    let output = failed_build(dir.path(), &[("CI", "true")]);
    once(&output, "are out of date with the schema: would create");
    once(&output, "(help: run `cargo build` (or `tablewright generate`) locally");
    clean(&output);
}

#[test]
fn yaml_schemas_without_the_yaml_feature_are_one_error_at_the_first_file() {
    let table = |name: &str| format!("table: {name}\ncolumns:\n  id: {{ type: serial, primary_key: true }}\n");
    let dir = fixture(
        &[],
        &[
            ("schemas/notes.yaml", &table("notes")),
            ("schemas/tags.yml", &table("tags")),
        ],
    );
    let output = failed_build(dir.path(), &[]);
    once(
        &output,
        "schemas/notes.yaml:1:1: [missing-feature] reading YAML schemas needs tablewright-build's `yaml` feature \
         (this file and 1 more) (help: turn it on in Cargo.toml, under [build-dependencies]: \
         tablewright-build = { ..., features = [\"yaml\"] } (keep its `path` or `version`))",
    );
    once(&output, "tablewright: 1 error in the schema; no migration was written");
    clean(&output);
}

#[test]
fn seeds_without_their_readers_are_errors_at_their_files() {
    let dir = fixture(
        &[],
        &[
            (
                "build.rs",
                "fn main() {\n    tablewright_build::Builder::new().scan(\"src/models\").dialect(tablewright_build::Dialect::Sqlite).generate();\n}\n",
            ),
            // Read by the build script only: the crate itself is not compiled when it fails.
            (
                "src/models/note.rs",
                "#[derive(Table)]\npub struct Note {\n    #[column(primary_key)]\n    pub id: i32,\n}\n",
            ),
            ("seeds/notes.csv", "id\n1\n"),
            ("seeds/tags.yml", "- { id: 1 }\n"),
        ],
    );
    let output = failed_build(dir.path(), &[]);
    once(
        &output,
        "seeds/notes.csv:1:1: [missing-feature] reading CSV seeds needs tablewright-build's `csv` feature",
    );
    once(
        &output,
        "seeds/tags.yml:1:1: [missing-feature] reading YAML seeds needs tablewright-build's `yaml` feature",
    );
    once(
        &output,
        "tablewright: 2 errors in the seed files; no migration was written",
    );
    clean(&output);
}

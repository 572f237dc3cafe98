//! A real crate built by a real `cargo`: the build script runs when the schema changes and not
//! otherwise, so `cargo build` twice in a row does not rerun it the second time.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().unwrap()
}

/// A minimal app crate using tablewright-build, in a temporary folder.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let build = workspace().join("tablewright-build");
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "Cargo.toml",
        &format!(
            "[package]\nname = \"tw-rerun-fixture\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [build-dependencies]\ntablewright-build = {{ path = {:?}, features = [\"yaml\"] }}\n\n[workspace]\n",
            build.display().to_string()
        ),
    );
    write(
        "build.rs",
        "fn main() {\n    tablewright_build::Builder::new().schemas(\"schemas\").dialect(tablewright_build::Dialect::Sqlite).generate();\n}\n",
    );
    write("src/main.rs", "fn main() {}\n");
    write(
        "schemas/notes.yaml",
        "table: notes\ncolumns:\n  id: { type: serial, primary_key: true }\n  body: text\n",
    );
    // The workspace's lockfile pins the same versions, so nothing new is downloaded.
    std::fs::copy(workspace().join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    dir
}

/// `cargo build -v`; returns whether the build script ran, and the output.
fn build(dir: &Path) -> (bool, String) {
    let output = Command::new(env!("CARGO"))
        .args(["build", "-v"])
        .current_dir(dir)
        // The target folder shared by the apps of db-tests/src/outside_app.rs (the same
        // dependencies, compiled once), inside this build's target folder.
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("../outside-apps/target"),
        )
        .env_remove("CI")
        .env_remove("TABLEWRIGHT_CHECK")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "cargo build failed:\n{text}");
    let ran = text
        .lines()
        .any(|l| l.contains("Running") && l.contains("tw-rerun-fixture") && l.contains("build-script-build"));
    (ran, text)
}

/// Every file under migrations/ with its modification time.
fn folder_contents(dir: &Path) -> Vec<(PathBuf, std::time::SystemTime)> {
    let mut files = Vec::new();
    for folder in std::fs::read_dir(dir.join("migrations")).unwrap().flatten() {
        for file in std::fs::read_dir(folder.path()).into_iter().flatten().flatten() {
            files.push((file.path(), file.metadata().unwrap().modified().unwrap()));
        }
    }
    files.sort();
    files
}

fn migrations(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("migrations"))
        // Dot-folders (the draft history) are not migrations: diesel skips them too.
        .map(|e| {
            e.flatten()
                .filter(|e| e.path().is_dir() && !e.file_name().to_string_lossy().starts_with('.'))
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn build_script_reruns_only_when_the_schema_changes() {
    let dir = fixture();
    let (ran, text) = build(dir.path());
    assert!(ran, "the first build runs the script:\n{text}");
    assert_eq!(migrations(dir.path()), 1);

    // Cargo compares watched files with the time the script *started*, so the files it just
    // wrote make the next build run it once more; that run finds the migrations current and
    // writes nothing. From then on, builds are no-ops.
    let snapshot = folder_contents(dir.path());
    build(dir.path());
    assert_eq!(folder_contents(dir.path()), snapshot, "the follow-up run wrote nothing");
    let (ran, text) = build(dir.path());
    assert!(
        !ran,
        "a build with nothing changed must not run the build script:\n{text}"
    );
    let (ran, text) = build(dir.path());
    assert!(!ran, "nor the one after:\n{text}");

    // A schema edit reruns it, and the draft absorbs the edit.
    std::fs::write(dir.path().join("schemas/notes.yaml"), "table: notes\ncolumns:\n  id: { type: serial, primary_key: true }\n  body: text\n  title: { type: text, nullable: true }\n").unwrap();
    let (ran, text) = build(dir.path());
    assert!(ran, "a schema change reruns the script:\n{text}");
    assert_eq!(
        migrations(dir.path()),
        1,
        "the draft was updated, not joined by a second folder"
    );
    build(dir.path()); // the one follow-up run
    let (ran, text) = build(dir.path());
    assert!(!ran, "and then it is quiet again:\n{text}");
}

//! The build.rs contract, on real folders: what gets written, when, and what never is.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use tablewright_build::{Builder, Dialect, Error};
use tablewright_core::project::Outcome;

const LOTS: &str = "table: lots\ncolumns:\n  lot_id: { type: bigserial, primary_key: true }\n  lot_code: varchar(50)\n";

struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let project = Project {
            dir: tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap(),
        };
        std::fs::create_dir_all(project.path("schemas")).unwrap();
        std::fs::create_dir_all(project.path("out")).unwrap();
        project.schema("lots.yaml", LOTS);
        project
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn schema(&self, file: &str, text: &str) {
        std::fs::write(self.path("schemas").join(file), text).unwrap();
    }

    fn builder(&self) -> Builder {
        let mut builder = Builder::new();
        builder
            .schemas(self.path("schemas"))
            .migrations(self.path("migrations"))
            .out_dir(self.path("out"))
            .dialect(Dialect::Postgres)
            .check_only(false);
        builder
    }

    fn generate(&self) -> Outcome {
        self.builder().try_generate().unwrap_or_else(|e| panic!("{e}")).outcome
    }

    fn folders(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path("migrations"))
            .map(|entries| {
                entries
                    .flatten()
                    // The draft history is a dot-folder, skipped like diesel does.
                    .filter(|e| e.path().is_dir() && !e.file_name().to_string_lossy().starts_with('.'))
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    fn seal_all(&self) {
        for folder in self.folders() {
            let path = self.path("migrations").join(folder).join("metadata.toml");
            let text = std::fs::read_to_string(&path)
                .unwrap()
                .replace("draft = true", "draft = false");
            std::fs::write(path, text).unwrap();
        }
    }
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn first_build_writes_a_migration_and_the_next_writes_nothing() {
    let project = Project::new();
    assert!(matches!(project.generate(), Outcome::Created { .. }));
    let folders = project.folders();
    assert_eq!(folders.len(), 1);
    assert!(folders[0].ends_with("_create_lots"), "{folders:?}");
    let folder = project.path("migrations").join(&folders[0]);
    for file in ["up.sql", "down.sql", "metadata.toml", "schema.snapshot.json"] {
        assert!(folder.join(file).is_file(), "{file}");
    }
    let metadata = std::fs::read_to_string(folder.join("metadata.toml")).unwrap();
    assert!(metadata.contains("run_in_transaction = true"));

    let before: Vec<SystemTime> = ["up.sql", "down.sql", "metadata.toml", "schema.snapshot.json"]
        .iter()
        .map(|f| modified(&folder.join(f)))
        .collect();
    let schema_file = modified(&project.path("out/tablewright_schema.rs"));
    std::thread::sleep(std::time::Duration::from_millis(30));
    assert_eq!(project.generate(), Outcome::UpToDate);
    let after: Vec<SystemTime> = ["up.sql", "down.sql", "metadata.toml", "schema.snapshot.json"]
        .iter()
        .map(|f| modified(&folder.join(f)))
        .collect();
    assert_eq!(before, after, "unchanged files keep their timestamps");
    assert_eq!(schema_file, modified(&project.path("out/tablewright_schema.rs")));
}

#[test]
fn edits_converge_into_the_draft_until_it_is_sealed() {
    let project = Project::new();
    project.generate();
    let first = project.folders();

    // Editing the schema rewrites the draft in place: no trail of folders.
    project.schema(
        "lots.yaml",
        &format!("{LOTS}  note: {{ type: text, nullable: true }}\n"),
    );
    assert!(matches!(project.generate(), Outcome::Updated { .. }));
    project.schema(
        "notes.yaml",
        "table: notes\ncolumns:\n  id: { type: serial, primary_key: true }\n",
    );
    assert!(matches!(project.generate(), Outcome::Updated { .. }));
    let folders = project.folders();
    assert_eq!(folders.len(), 1, "{folders:?}");
    assert_eq!(
        folders[0].split('_').next(),
        first[0].split('_').next(),
        "the draft keeps its version"
    );
    assert!(folders[0].ends_with("_create_lots_notes"), "{folders:?}");
    let up = std::fs::read_to_string(project.path("migrations").join(&folders[0]).join("up.sql")).unwrap();
    assert!(
        up.contains("\"note\" text") && up.contains("CREATE TABLE \"notes\""),
        "{up}"
    );

    // Once sealed, the next change is a new migration and the sealed one is untouched.
    project.seal_all();
    let sealed_up = up;
    project.schema(
        "lots.yaml",
        &format!("{LOTS}  note: {{ type: text, nullable: true }}\n  grade: {{ type: varchar(2), nullable: true }}\n"),
    );
    assert!(matches!(project.generate(), Outcome::Created { .. }));
    let folders = project.folders();
    assert_eq!(folders.len(), 2, "{folders:?}");
    assert_eq!(
        std::fs::read_to_string(project.path("migrations").join(&folders[0]).join("up.sql")).unwrap(),
        sealed_up
    );
    let up = std::fs::read_to_string(project.path("migrations").join(&folders[1]).join("up.sql")).unwrap();
    assert!(
        up.contains("ALTER TABLE \"lots\" ADD COLUMN \"grade\" varchar(2)"),
        "{up}"
    );

    // Reverting the schema to the sealed migration's removes the draft.
    project.schema(
        "lots.yaml",
        &format!("{LOTS}  note: {{ type: text, nullable: true }}\n"),
    );
    assert!(matches!(project.generate(), Outcome::Removed { .. }));
    assert_eq!(project.folders().len(), 1);
}

#[test]
fn a_migration_tracked_by_git_is_never_rewritten() {
    let project = Project::new();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(args)
            .current_dir(project.dir.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@t")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@t")
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    git(&["init", "-q"]);
    project.generate();
    git(&["add", "migrations"]);
    git(&["commit", "-qm", "first migration"]);
    let first = project.folders();
    let committed_up = std::fs::read_to_string(project.path("migrations").join(&first[0]).join("up.sql")).unwrap();

    project.schema(
        "lots.yaml",
        &format!("{LOTS}  note: {{ type: text, nullable: true }}\n"),
    );
    assert!(
        matches!(project.generate(), Outcome::Created { .. }),
        "the committed draft is sealed"
    );
    let folders = project.folders();
    assert_eq!(folders.len(), 2);
    assert_eq!(
        std::fs::read_to_string(project.path("migrations").join(&folders[0]).join("up.sql")).unwrap(),
        committed_up
    );
}

#[test]
fn check_mode_writes_nothing_and_fails_when_stale() {
    let project = Project::new();
    let error = project.builder().check_only(true).try_generate().unwrap_err();
    assert!(matches!(error, Error::Sync(_)), "{error}");
    let message = error.to_string();
    assert!(
        message.contains("out of date with the schema: would create"),
        "{message}"
    );
    assert!(message.contains("create table lots"), "{message}");
    assert!(project.folders().is_empty(), "check mode wrote nothing");

    project.generate();
    assert_eq!(
        project.builder().check_only(true).try_generate().unwrap().outcome,
        Outcome::UpToDate
    );
    project.schema(
        "lots.yaml",
        &format!("{LOTS}  note: {{ type: text, nullable: true }}\n"),
    );
    let message = project
        .builder()
        .check_only(true)
        .try_generate()
        .unwrap_err()
        .to_string();
    assert!(message.contains("would rewrite draft"), "{message}");
}

#[test]
fn concurrent_builds_leave_one_migration() {
    let project = Project::new();
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| project.generate());
        }
    });
    assert_eq!(project.folders().len(), 1, "{:?}", project.folders());
    assert_eq!(project.generate(), Outcome::UpToDate);
}

#[test]
fn every_schema_error_is_reported_with_its_place() {
    let project = Project::new();
    project.schema(
        "bad.yaml",
        "table: bad\ncolumns:\n  id: { type: serial, primary_key: true }\n  owner_id: { type: integer, references: owners.id }\n  size: strnig\n",
    );
    let message = project.builder().try_generate().unwrap_err().to_string();
    assert!(message.contains("bad.yaml:5:3"), "{message}");
    assert!(
        message.contains("unknown type `strnig`; did you mean `string`?"),
        "{message}"
    );
    assert!(message.contains("fk-without-on-delete"), "{message}");
    assert!(message.contains("references unknown table `owners`"), "{message}");
    assert!(message.contains("unindexed-foreign-key"), "{message}");
    assert!(
        project.folders().is_empty(),
        "nothing is generated from a schema with errors"
    );
}

#[test]
fn migrations_of_another_dialect_are_refused() {
    let project = Project::new();
    project.generate();
    let message = project
        .builder()
        .dialect(Dialect::Sqlite)
        .try_generate()
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("was generated for postgres, but this project targets sqlite"),
        "{message}"
    );
}

#[test]
fn the_schema_file_has_the_yaml_tables() {
    let project = Project::new();
    project.generate();
    let text = std::fs::read_to_string(project.path("out/tablewright_schema.rs")).unwrap();
    assert!(text.contains("::diesel::table! {\n    lots (lot_id) {\n        lot_id -> ::diesel::sql_types::BigInt,\n        lot_code -> ::diesel::sql_types::Varchar,"), "{text}");
}

#[test]
fn missing_configuration_is_explained() {
    let message = Builder::new()
        .schemas("schemas")
        .try_generate()
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("no dialect: set `dialect = \"postgres\"` (or \"sqlite\", \"mysql\") in ")
            && message
                .contains("tablewright.toml, or add `.dialect(tablewright_build::Dialect::Postgres)` to the builder"),
        "{message}"
    );
    let message = Builder::new()
        .dialect(Dialect::Sqlite)
        .try_generate()
        .unwrap_err()
        .to_string();
    assert!(
        message
            .contains("nothing to read: set `schemas = [\"schemas\"]` (YAML files) and/or `scan = [\"src/models\"]`"),
        "{message}"
    );
}

#[test]
fn seed_files_are_checked_by_the_build() {
    let project = Project::new();
    let seeds = project.path("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    std::fs::write(
        seeds.join("lots.yaml"),
        "- { lot_id: 1, lot_code: A-1 }\n- { lot_id: 2, lot_cod: B-2 }\n",
    )
    .unwrap();
    let mut builder = project.builder();
    builder.crate_root(project.dir.path());
    let error = builder.try_generate().map(|_| ()).unwrap_err();
    let Error::Seeds(found) = &error else { panic!("{error}") };
    assert!(
        error.to_string().starts_with("tablewright: the seed files have errors"),
        "{error}"
    );
    let text = found.to_string();
    assert!(text.contains("`lots` has no column `lot_cod`"), "{text}");
    assert!(text.contains("seeds/lots.yaml:2:"), "{text}");
    assert!(text.contains("did you mean `lot_code`?"), "{text}");
    // Fixed, the build goes on (and writes the migration it held back).
    std::fs::write(seeds.join("lots.yaml"), "- { lot_id: 1, lot_code: A-1 }\n").unwrap();
    builder.try_generate().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(project.folders().len(), 1);
}

#[test]
fn the_build_can_keep_the_schema_docs_current() {
    let project = Project::new();
    let mut builder = project.builder();
    builder.crate_root(project.dir.path()).docs("docs/schema");
    builder.try_generate().unwrap_or_else(|e| panic!("{e}"));
    let page = project.path("docs/schema/lots.md");
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("| `lot_code` | varchar(50) | no |"));
    assert!(project.path("docs/schema/README.md").is_file());

    // In check mode a stale page fails the build and is left as it is.
    project.schema(
        "lots.yaml",
        &format!("{LOTS}  note: {{ type: text, nullable: true }}\n"),
    );
    builder.check_only(true);
    let error = builder.try_generate().map(|_| ()).unwrap_err().to_string();
    assert!(
        error.contains("the schema docs in") && error.contains("are stale: README.md, lots.md"),
        "{error}"
    );
    assert!(!std::fs::read_to_string(&page).unwrap().contains("`note`"));
    builder.check_only(false);
    builder.try_generate().unwrap_or_else(|e| panic!("{e}"));
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("| `note` | text | yes |"));
}

/// A library's set name is checked before anything is read or written: hosts' ledgers keep it.
#[test]
fn a_library_named_like_no_set_is_refused() {
    for (name, expected) in [
        ("app", "`app` is the application's own set"),
        (
            "agents:v2",
            "a set's name has letters, digits, `_` and `-` only, not `:`",
        ),
    ] {
        let error = tablewright_build::Library::new(name)
            .dialects([tablewright_build::Dialect::Sqlite])
            .try_generate()
            .unwrap_err()
            .to_string();
        assert!(
            error.contains(&format!("`Library::new({name:?})`: {expected}")),
            "{error}"
        );
    }
}

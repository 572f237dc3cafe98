//! The build script reads the same settings as the command line: `tablewright.toml` or
//! `[package.metadata.tablewright]` at the crate root, with the builder's setters on top.

use std::path::{Path, PathBuf};

use tablewright_build::{Builder, Dialect, Error};
use tablewright_core::diesel_schema::{TableMap, TableSource};
use tablewright_core::project::Outcome;

/// A crate folder: `src/models` with two derived tables, `schemas/` with a YAML one.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.0.0\"\n");
    write(
        "src/models/project.rs",
        "#[derive(Table)]\n#[table(name = \"projects\")]\npub struct Project {\n    #[column(primary_key, sql_type = \"serial\")]\n    pub id: i32,\n    #[column(references = \"owners.id\", on_delete = \"restrict\", index)]\n    pub owner_id: i32,\n}\n",
    );
    write(
        "src/models/task.rs",
        "#[derive(Table)]\npub struct Task {\n    #[column(primary_key, sql_type = \"serial\")]\n    pub id: i32,\n    #[column(references = \"projects.id\", on_delete = \"cascade\", index)]\n    pub project_id: i32,\n}\n",
    );
    write(
        "schemas/owners.yaml",
        "table: owners\ncolumns:\n  id: { type: serial, primary_key: true }\n  name: text\n",
    );
    dir
}

fn builder(root: &Path) -> Builder {
    let mut builder = Builder::new();
    builder.crate_root(root).out_dir(root.join("out")).check_only(false);
    std::fs::create_dir_all(root.join("out")).unwrap();
    builder
}

fn table_map(root: &Path) -> TableMap {
    let text = std::fs::read_to_string(root.join("out").join(tablewright_build::TABLES_JSON)).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn tablewright_toml_is_all_the_build_script_needs() {
    let dir = fixture();
    std::fs::write(
        dir.path().join("tablewright.toml"),
        "schemas = \"schemas\"\nscan = [\"src/models\"]\nmigrations = \"db/migrations\"\ndialect = \"sqlite\"\n",
    )
    .unwrap();
    let report = builder(dir.path()).try_generate().unwrap_or_else(|e| panic!("{e}"));
    let Outcome::Created { folder, .. } = report.outcome else {
        panic!("{:?}", report.outcome)
    };
    assert!(
        folder.starts_with(dir.path().join("db/migrations")),
        "{}",
        folder.display()
    );
    let up = std::fs::read_to_string(folder.join("up.sql")).unwrap();
    assert!(
        up.contains("CREATE TABLE \"owners\"") && up.contains("CREATE TABLE \"tasks\""),
        "{up}"
    );
    assert!(up.contains("AUTOINCREMENT"), "the dialect came from the file: {up}");

    // The map the derives read: where every table! is, and what joins.
    let map = table_map(dir.path());
    let paths: Vec<(&str, TableSource, Option<&str>)> = map
        .tables
        .iter()
        .map(|t| (t.name.as_str(), t.source, t.path.as_deref()))
        .collect();
    assert_eq!(
        paths,
        [
            ("owners", TableSource::Yaml, Some("crate::schema::owners")),
            (
                "projects",
                TableSource::Derive,
                Some("crate::models::project::projects")
            ),
            ("tasks", TableSource::Derive, Some("crate::models::task::tasks")),
        ]
    );
    assert_eq!(map.joins.len(), 2, "{:?}", map.joins);
}

#[test]
fn cargo_metadata_works_the_same() {
    let dir = fixture();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.0.0\"\n\n[package.metadata.tablewright]\nschemas = [\"schemas\"]\nscan = [\"src/models\"]\ndialect = \"postgres\"\nschema_module = \"crate::db\"\n",
    )
    .unwrap();
    let report = builder(dir.path()).try_generate().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        matches!(report.outcome, Outcome::Created { .. }),
        "{:?}",
        report.outcome
    );
    assert!(dir.path().join("migrations").is_dir(), "the default folder");
    let map = table_map(dir.path());
    assert_eq!(map.tables[0].path.as_deref(), Some("crate::db::owners"));
}

#[test]
fn the_builder_wins_key_by_key() {
    let dir = fixture();
    std::fs::write(
        dir.path().join("tablewright.toml"),
        "schemas = [\"schemas\"]\nscan = [\"src/models\"]\ndialect = \"mysql\"\n",
    )
    .unwrap();
    let report = builder(dir.path())
        .dialect(Dialect::Sqlite)
        .migrations("elsewhere")
        .try_generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let Outcome::Created { folder, .. } = report.outcome else {
        panic!("{:?}", report.outcome)
    };
    assert!(folder.starts_with(dir.path().join("elsewhere")));
    let up = std::fs::read_to_string(folder.join("up.sql")).unwrap();
    assert!(up.contains("AUTOINCREMENT"), "SQLite, as the builder says: {up}");
}

#[test]
fn mistakes_in_the_settings_are_reported_at_their_line() {
    let dir = fixture();
    std::fs::write(
        dir.path().join("tablewright.toml"),
        "scan = [\"src/models\"]\ndialcet = \"sqlite\"\n",
    )
    .unwrap();
    let error = builder(dir.path()).try_generate().unwrap_err();
    assert!(matches!(error, Error::Settings(_)), "{error:?}");
    let message = error.to_string();
    let file: PathBuf = dir.path().join("tablewright.toml");
    assert!(
        message.contains(&format!(
            "error[config]: unknown setting `dialcet`\n  --> {}:2:1\n  = help: did you mean `dialect`?",
            file.display()
        )),
        "{message}"
    );
    assert!(!dir.path().join("migrations").exists(), "nothing written");
}

/// The build lints what it writes with the `[lint]` table of the settings, as `tablewright
/// lint` does: a level turns a rule on (the opt-in `prefer-bigint`, on the `integer` columns
/// of the fixture) and `off` silences it. Generated migrations lint clean
/// under the default rules, so an opt-in rule is what shows the table is read. The build lints
/// only with the `lint` feature.
#[test]
#[cfg_attr(
    not(feature = "lint"),
    ignore = "the build lints with the lint feature: cargo test -p tablewright-build --features lint"
)]
fn the_build_lints_with_the_lint_table() {
    let lint_warnings = |levels: &str| {
        let dir = fixture();
        std::fs::write(
            dir.path().join("tablewright.toml"),
            format!("schemas = [\"schemas\"]\nscan = [\"src/models\"]\ndialect = \"postgres\"\n\n[lint]\nlevels = {{ {levels} }}\n"),
        )
        .unwrap();
        builder(dir.path())
            .try_generate()
            .unwrap_or_else(|e| panic!("{e}"))
            .lint_warnings
    };
    let asked = lint_warnings("prefer-bigint = \"warning\"");
    assert!(!asked.is_empty(), "no finding of the rule asked for: {asked:?}");
    assert!(
        asked
            .iter()
            .all(|w| w.starts_with("tablewright-lint: ") && w.contains("up.sql:") && w.contains("[prefer-bigint]")),
        "{asked:#?}"
    );
    assert_eq!(lint_warnings("prefer-bigint = \"off\""), Vec::<String>::new());
    // A misspelt rule is said once, and the build goes on.
    let misspelt = lint_warnings("prefer-bigin = \"warning\"");
    assert_eq!(misspelt.len(), 1, "{misspelt:#?}");
    assert!(misspelt[0].contains("unknown rule `prefer-bigin`"), "{misspelt:#?}");
}

use std::path::{Path, PathBuf};

use super::*;

fn write(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).unwrap();
}

fn errors(result: Result<Option<Config>, Diagnostics>) -> String {
    result.unwrap_err().to_string()
}

#[test]
fn tablewright_toml_holds_every_setting() {
    let dir = crate::test_dir();
    write(
        dir.path(),
        FILE_NAME,
        "schemas = [\"schemas\", \"shared\"]\nscan = \"src/models\"\nmigrations = \"db/migrations\"\ndialect = \"sqlite\"\nschema_module = \"crate::db::schema\"\n",
    );
    let config = Config::read(dir.path()).unwrap().unwrap();
    assert_eq!(config.file, dir.path().join(FILE_NAME));
    assert_eq!(config.schemas, [PathBuf::from("schemas"), PathBuf::from("shared")]);
    assert_eq!(config.scan, [PathBuf::from("src/models")]);
    assert_eq!(config.migrations, Some(PathBuf::from("db/migrations")));
    assert_eq!(config.dialect, Some(Dialect::Sqlite));
    assert_eq!(config.schema_module.as_deref(), Some("crate::db::schema"));
    assert_eq!(config.resolve(Path::new("src/models")), dir.path().join("src/models"));
    assert!(config.warnings.is_empty());
}

#[test]
fn cargo_metadata_is_read_when_there_is_no_tablewright_toml() {
    let dir = crate::test_dir();
    write(
        dir.path(),
        "Cargo.toml",
        "[package]\nname = \"app\"\n\n[package.metadata.tablewright]\nscan = [\"src\"]\ndialect = \"postgres\"\n",
    );
    let config = Config::read(dir.path()).unwrap().unwrap();
    assert_eq!(config.file, dir.path().join("Cargo.toml"));
    assert_eq!(config.scan, [PathBuf::from("src")]);
    assert_eq!(config.dialect, Some(Dialect::Postgres));

    // Without the table there are no settings.
    write(
        dir.path(),
        "Cargo.toml",
        "[package]\nname = \"app\"\n\n[package.metadata.docs]\nx = 1\n",
    );
    assert_eq!(Config::read(dir.path()).unwrap(), None);
}

#[test]
fn tablewright_toml_takes_precedence_over_cargo_metadata_and_says_so() {
    let dir = crate::test_dir();
    write(
        dir.path(),
        "Cargo.toml",
        "[package.metadata.tablewright]\ndialect = \"mysql\"\n",
    );
    write(dir.path(), FILE_NAME, "dialect = \"sqlite\"\n");
    let config = Config::read(dir.path()).unwrap().unwrap();
    assert_eq!(config.dialect, Some(Dialect::Sqlite));
    assert_eq!(config.warnings.len(), 1);
    assert!(
        config.warnings[0].contains("also has [package.metadata.tablewright], which is ignored"),
        "{:?}",
        config.warnings
    );
}

#[test]
fn find_stops_at_the_crate_it_is_in() {
    let dir = crate::test_dir();
    write(dir.path(), FILE_NAME, "dialect = \"sqlite\"\n");
    let nested = dir.path().join("src/models");
    std::fs::create_dir_all(&nested).unwrap();
    let found = Config::find(&nested).unwrap().unwrap();
    assert_eq!(found.file, dir.path().join(FILE_NAME));

    // A crate inside, without settings of its own, has none: the outer file is not its.
    let inner = dir.path().join("inner");
    std::fs::create_dir_all(inner.join("src")).unwrap();
    write(&inner, "Cargo.toml", "[package]\nname = \"inner\"\n");
    assert_eq!(Config::find(&inner.join("src")).unwrap(), None);
}

#[test]
fn every_mistake_is_reported_at_its_line_with_the_fix() {
    let dir = crate::test_dir();
    write(
        dir.path(),
        FILE_NAME,
        "# settings\nscna = [\"src\"]\ndialect = \"oracle\"\nmigrations = 3\nschemas = [\"a\", 1]\nschema_module = \"not a path\"\n",
    );
    let text = errors(Config::read(dir.path()));
    let file = dir.path().join(FILE_NAME).display().to_string();
    let expected = [
        format!("error[config]: unknown setting `scna`\n  --> {file}:2:1\n  = help: did you mean `scan`? the settings are: schemas, scan, migrations, dialect, schema_module, seeds, lint"),
        format!("error[config]: unknown dialect `oracle`; expected one of: postgres (or postgresql, pg), sqlite (or sqlite3), mysql (or mariadb)\n  --> {file}:3:11\n  = help: the correct form looks like `dialect = \"postgres\"` (or \"sqlite\", \"mysql\")"),
        format!("error[config]: `migrations` must be a folder\n  --> {file}:4:14\n  = help: the correct form looks like `migrations = \"migrations\"`"),
        format!("error[config]: `schemas` must be a folder or a list of folders\n  --> {file}:5:11"),
        format!("error[config]: `schema_module` must be a Rust path to a module\n  --> {file}:6:17"),
    ];
    for part in expected {
        assert!(text.contains(&part), "{part}\nnot in:\n{text}");
    }
}

#[test]
fn syntax_errors_and_cargo_metadata_errors_have_their_place() {
    let dir = crate::test_dir();
    write(dir.path(), FILE_NAME, "scan = [\"src\"\ndialect = \"sqlite\"\n");
    let text = errors(Config::read(dir.path()));
    let file = dir.path().join(FILE_NAME).display().to_string();
    assert!(text.contains("is not valid TOML"), "{text}");
    assert!(text.contains(&format!("--> {file}:")), "{text}");

    std::fs::remove_file(dir.path().join(FILE_NAME)).unwrap();
    write(
        dir.path(),
        "Cargo.toml",
        "[package]\nname = \"app\"\n\n[package.metadata.tablewright]\nscan = [\"src\"]\ndialct = \"sqlite\"\n",
    );
    let text = errors(Config::read(dir.path()));
    let file = dir.path().join("Cargo.toml").display().to_string();
    assert!(
        text.contains(&format!("unknown setting `package.metadata.tablewright.dialct`\n  --> {file}:6:1\n  = help: did you mean `dialect`?")),
        "{text}"
    );
}

#[test]
fn read_file_names_what_is_missing() {
    let dir = crate::test_dir();
    let missing = Config::read_file(&dir.path().join("elsewhere.toml"))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("elsewhere.toml does not exist"), "{missing}");
    write(dir.path(), "Cargo.toml", "[package]\nname = \"app\"\n");
    let empty = Config::read_file(&dir.path().join("Cargo.toml"))
        .unwrap_err()
        .to_string();
    assert!(empty.contains("has no [package.metadata.tablewright] table"), "{empty}");
    write(dir.path(), "other.toml", "scan = \"src\"\n");
    let config = Config::read_file(&dir.path().join("other.toml")).unwrap();
    assert_eq!(config.scan, [PathBuf::from("src")]);
}

#[test]
fn libraries_are_read_in_order_with_their_groups() {
    let dir = crate::test_dir();
    write(
        dir.path(),
        FILE_NAME,
        "scan = \"src\"\n\n[[libraries]]\nname = \"accounts\"\n\n\n[[libraries]]\nname = \"agents\"\nmigrations = \"../agents/migrations\"\ngroups = [\"scheduler\"]\nrequires = [\"accounts\"]\n",
    );
    let config = Config::read(dir.path()).unwrap().unwrap();
    assert_eq!(
        config.libraries,
        [
            LibraryConfig {
                name: "accounts".into(),
                migrations: None,
                groups: vec![],
                requires: vec![],
                line: 3,
            },
            LibraryConfig {
                name: "agents".into(),
                migrations: Some("../agents/migrations".into()),
                groups: vec!["scheduler".into()],
                requires: vec!["accounts".into()],
                line: 7,
            },
        ]
    );
}

#[test]
fn library_mistakes_are_reported_at_their_line() {
    let dir = crate::test_dir();
    write(
        dir.path(),
        FILE_NAME,
        "[[libraries]]\nname = \"app\"\nmigrations = \"m\"\n\n[[libraries]]\nmigrations = \"m\"\ngroup = [\"x\"]\n\n[[libraries]]\nname = \"agents\"\nmigrations = \"m\"\nrequires = [\"billing\"]\ngroups = [\"core\"]\n\n[[libraries]]\nname = \"agents\"\nmigrations = \"m\"\n",
    );
    let text = errors(Config::read(dir.path()));
    assert!(text.contains("tablewright.toml:2:8"), "{text}");
    assert!(text.contains("not `app`, the application's own set"), "{text}");
    assert!(text.contains("unknown setting `libraries.group`"), "{text}");
    assert!(text.contains("name, migrations, groups, requires"), "{text}");
    assert!(text.contains("a `libraries` entry needs `name`"), "{text}");
    assert!(
        text.contains("the library `agents` requires `billing`, which is not listed"),
        "{text}"
    );
    assert!(text.contains("`core` is not a group's name"), "{text}");
    assert!(text.contains("the library `agents` is listed twice"), "{text}");
}

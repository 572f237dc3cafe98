//! Applications outside the workspace, built by a real `cargo` with exactly the features their
//! `Cargo.toml` asks for (inside the workspace, `cargo test --workspace` unifies features and hides
//! a missing one):
//!
//! - the README's "Five minutes with it", written from the README's own code blocks, built, run
//!   twice, and compared with what the README says it prints and writes;
//! - the same application with a YAML table, as "Writing schemas" and docs/yaml.md tell a user
//!   to write it: without tablewright-build's `yaml` feature the build stops at the YAML file and
//!   says what to add; with the dependency line both documents print, it builds and runs;
//! - an application whose `tablewright` lacks the database's feature: the compile error, pinned
//!   with trybuild in `tablewright/tests/ui-without-backend/`, names the feature to enable.
//!   Bless a changed message with `TRYBUILD=overwrite` (the `.stderr` is copied back into the
//!   repository; review it before committing).

use std::path::Path;

use tablewright_db_tests::outside_app::{readme_blocks, readme_files};
use tablewright_db_tests::{repo_root, OutsideApp, ServerDatabase};

#[test]
fn the_readme_app_builds_migrates_and_runs() {
    let files: Vec<String> = readme_files().into_iter().map(|f| f.path).collect();
    assert_eq!(
        files,
        [
            "Cargo.toml",
            "src/models/mod.rs",
            "tablewright.toml",
            "build.rs",
            "src/main.rs"
        ],
        "the files of the README's tutorial (each a code block whose first line names it)"
    );
    let app = OutsideApp::from_readme("readme-tasks");

    let build = app.build().ok();
    build.assert_stderr_contains("tablewright: wrote ");
    build.assert_stderr_contains("_create_projects_tasks (create table projects, create table tasks)");
    let migrations = app.migrations();
    assert_eq!(migrations.len(), 1, "{migrations:?}");
    assert!(migrations[0].ends_with("_create_projects_tasks"), "{migrations:?}");
    let folder = format!("migrations/{}", migrations[0]);
    for file in ["up.sql", "down.sql", "metadata.toml", "schema.snapshot.json"] {
        assert!(app.path().join(&folder).join(file).is_file(), "{folder}/{file}");
    }

    // The README's SQL is a piece of up.sql, as it is.
    let up = app.read(&format!("{folder}/up.sql"));
    let (_, excerpt) = readme_blocks()
        .into_iter()
        .find(|(info, _)| info == "sql")
        .expect("the README shows the migration's SQL");
    assert!(
        up.contains(&excerpt),
        "the README shows\n{excerpt}\nwhich is not part of up.sql:\n{up}"
    );

    // First start: creates app.db in the working folder and applies the migration.
    let first = app.run(&[], &[]).ok();
    first.assert_stdout_contains("1 migration(s) applied");
    first.assert_stdout_contains("task #1 [todo] write the README (launch)");
    assert!(app.path().join("app.db").is_file());

    // Second start: nothing to apply, both runs' rows are there.
    let second = app.run(&[], &[]).ok();
    second.assert_stdout_contains("0 migration(s) applied");
    second.assert_stdout_contains("task #2 [todo] write the README (launch)");
    assert_eq!(second.stdout.matches("write the README").count(), 2, "{second}");

    // A build with nothing changed writes no migration.
    app.build().ok();
    assert_eq!(app.migrations(), migrations);
}

/// The README's paragraph after the tutorial: the same app on PostgreSQL and on MySQL/MariaDB,
/// changed as it says (each string below is checked to be in the README).
#[test]
fn the_readme_app_runs_on_postgres_and_mysql_as_the_readme_says() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let said = |text: &str| {
        assert!(
            readme.contains(text),
            "the README no longer says {text:?}: change this test with it"
        );
        text.to_string()
    };
    let servers = [
        (ServerDatabase::postgres(), "postgres", "PgConnection"),
        (ServerDatabase::mysql(), "mysql", "MysqlConnection"),
    ];
    for (database, feature, connection) in servers {
        let Some(database) = database else { continue };
        said(&format!("`dialect = \"{feature}\"`"));
        said(&format!("`diesel::{connection}`"));
        let diesel = said(
            r#"diesel = { version = "2.3", features =
["postgres", "chrono"] }"#,
        )
        .replace('\n', " ")
        .replace("postgres", feature);
        let app = OutsideApp::from_readme(&format!("readme-{feature}"));
        app.edit("Cargo.toml", |text| {
            text.lines()
                .filter(|line| !line.starts_with("libsqlite3-sys"))
                .map(|line| match line {
                    l if l.starts_with("diesel = ") => diesel.clone(),
                    l => l.replace(r#"features = ["sqlite"]"#, &format!(r#"features = ["{feature}"]"#)),
                })
                .collect::<Vec<_>>()
                .join("\n")
        });
        app.edit("tablewright.toml", |text| {
            text.replace(r#"dialect = "sqlite""#, &format!(r#"dialect = "{feature}""#))
        });
        app.edit("src/main.rs", |text| text.replace("SqliteConnection", connection));
        if feature == "mysql" {
            let key = said(
                r#"diesel::select(diesel::dsl::sql::<diesel::sql_types::Integer>("LAST_INSERT_ID()")).get_result::<i32>(&mut conn)?"#,
            );
            said("insert the project\nwith `.execute(&mut conn)?`");
            app.edit("src/main.rs", |text| {
                text.replace(
                    "let project: i32 = diesel::insert_into(projects::table)\n        \
                     .values(projects::name.eq(\"launch\"))\n        \
                     .returning(projects::id)\n        \
                     .get_result(&mut conn)?;",
                    &format!(
                        "diesel::insert_into(projects::table).values(projects::name.eq(\"launch\")).execute(&mut conn)?;\n    \
                         let project = {key};"
                    ),
                )
            });
        }
        app.build().ok();
        let env = [("DATABASE_URL", database.url.as_str())];
        let first = app.run(&[], &env).ok();
        first.assert_stdout_contains("1 migration(s) applied");
        first.assert_stdout_contains("task #1 [todo] write the README (launch)");
        let second = app.run(&[], &env).ok();
        second.assert_stdout_contains("0 migration(s) applied");
        assert_eq!(second.stdout.matches("write the README").count(), 2, "{second}");
    }
}

/// The line `[build-dependencies]` needs for YAML schemas, as the README prints it; docs/yaml.md
/// must print the same, since a user copies whichever they read.
fn readme_yaml_dependency() -> String {
    let find = |file: &str| {
        let text = std::fs::read_to_string(repo_root().join(file)).unwrap();
        text.match_indices("tablewright-build = { path = ")
            .map(|(start, _)| &text[start..])
            .map(|line| line[..line.find('}').unwrap() + 1].to_string())
            .find(|line| line.contains(r#"features = ["yaml"]"#))
            .unwrap_or_else(|| panic!("{file} shows no `tablewright-build = {{ path = ..., features = [\"yaml\"] }}`"))
    };
    let readme = find("README.md");
    assert_eq!(find("docs/yaml.md"), readme, "docs/yaml.md and the README differ");
    readme
}

#[test]
fn the_readme_app_with_a_yaml_table_needs_the_yaml_feature_the_docs_name() {
    let line = readme_yaml_dependency();
    let app = OutsideApp::from_readme("readme-yaml");
    app.write(
        "tablewright.toml",
        "scan = [\"src/models\"]\nschemas = [\"schemas\"]\ndialect = \"sqlite\"\n",
    );
    app.write(
        "schemas/notes.yaml",
        "table: notes\ncolumns:\n  id: { type: serial, primary_key: true }\n  task_id:\n    type: integer\n    \
         references: tasks.id\n    on_delete: cascade\n    index: true\n  body: text\n",
    );
    // docs/yaml.md: the YAML tables' `table!`, which the derive's joins name as crate::schema.
    app.write(
        "src/schema.rs",
        "include!(concat!(env!(\"OUT_DIR\"), \"/tablewright_schema.rs\"));\n",
    );
    app.edit("src/main.rs", |text| {
        text.replacen("mod models;", "mod models;\nmod schema;", 1)
    });

    // The README's Cargo.toml has no `yaml`: one error at the file, naming what to add.
    let without = app.build().failed();
    without.assert_stderr_contains("schemas/notes.yaml:1:1: [missing-feature]");
    without
        .assert_stderr_contains(r#"tablewright-build = { ..., features = ["yaml"] } (keep its `path` or `version`)"#);
    assert!(app.migrations().is_empty(), "{:?}", app.migrations());

    let root = format!("{}/", repo_root().canonicalize().unwrap().display());
    let readme_line = r#"tablewright-build = { path = "../tablewright/tablewright-build" }"#;
    app.edit("Cargo.toml", |text| {
        text.replace(
            &readme_line.replace("../tablewright/", &root),
            &line.replace("../tablewright/", &root),
        )
    });
    let with = app.build().ok();
    with.assert_stderr_contains("(create table projects, create table tasks, create table notes)");
    let run = app.run(&[], &[]).ok();
    run.assert_stdout_contains("1 migration(s) applied");
    run.assert_stdout_contains("task #1 [todo] write the README (launch)");
}

/// The case and its pinned message live in the repository; the crate that compiles them is an
/// outside app, so `tablewright` really is built without its `sqlite` feature.
#[test]
fn a_missing_backend_feature_is_a_compile_error_naming_it() {
    let cases = repo_root().join("tablewright/tests/ui-without-backend");
    let app = OutsideApp::new("without-backend-feature");
    let root = repo_root().canonicalize().unwrap();
    app.write(
        "Cargo.toml",
        &format!(
            r#"[package]
name = "without-backend-feature"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
# No `sqlite` feature: what this crate checks. (Nothing is linked, so SQLite need not be bundled.)
tablewright = {{ path = "{root}/tablewright" }}
diesel = {{ version = "2.3", features = ["sqlite"] }}

[dev-dependencies]
trybuild = "1"
"#,
            root = root.display()
        ),
    );
    app.write("src/lib.rs", "");
    app.write(
        "tests/ui.rs",
        "#[test]\nfn ui() {\n    trybuild::TestCases::new().compile_fail(\"tests/ui/*.rs\");\n}\n",
    );
    let mut copied = Vec::new();
    for entry in std::fs::read_dir(&cases).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        app.write(&format!("tests/ui/{name}"), &std::fs::read_to_string(&path).unwrap());
        copied.push(name);
    }
    assert!(
        copied.iter().any(|n| n.ends_with(".rs")),
        "no case in {}",
        cases.display()
    );

    let test = app.cargo(&["test", "--test", "ui"]);
    if std::env::var("TRYBUILD").is_ok_and(|v| v == "overwrite") {
        bless(&app, &cases);
    }
    test.ok();
}

/// Copies the `.stderr` files trybuild wrote back into the repository.
fn bless(app: &OutsideApp, cases: &Path) {
    for entry in std::fs::read_dir(app.path().join("tests/ui")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "stderr") {
            let target = cases.join(path.file_name().unwrap());
            std::fs::copy(&path, &target).unwrap();
            eprintln!("blessed {}", target.display());
        }
    }
}

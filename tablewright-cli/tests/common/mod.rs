//! Running the `tablewright` binary on a project folder against a test database.

#![allow(dead_code)] // each test file uses its own part

use std::path::{Path, PathBuf};
use std::process::Command;

use diesel::connection::SimpleConnection;
use diesel::sql_types::BigInt;
use diesel::{Connection, MysqlConnection, PgConnection, QueryableByName, RunQueryDsl};
use tablewright_core::Dialect;
use tablewright_db_tests::{ServerDatabase, SqliteDatabase};

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing everything the run printed if it differs.
    pub fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code,
            Some(code),
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn text(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    pub fn assert_contains(&self, expected: &str) -> &Run {
        assert!(
            self.text().contains(expected),
            "expected {expected:?} in:\n{}",
            self.text()
        );
        self
    }
}

/// A project folder with schemas copied from a fixture and its own `migrations/`.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    pub fn new(fixture: &str) -> Project {
        let project = Project {
            dir: tablewright_db_tests::tempdir(),
        };
        project.use_schemas(fixture);
        project
    }

    /// Replaces `schemas/` with the files of `fixtures/<fixture>`.
    pub fn use_schemas(&self, fixture: &str) {
        let schemas = self.dir.path().join("schemas");
        let _ = std::fs::remove_dir_all(&schemas);
        std::fs::create_dir(&schemas).unwrap();
        for entry in std::fs::read_dir(fixture_path(fixture)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), schemas.join(entry.file_name())).unwrap();
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `tablewright ARGS` in the project folder, with `DATABASE_URL` set to the database's.
    pub fn run(&self, db: Option<&TestDb>, args: &[&str]) -> Run {
        self.run_on(db.map(|db| db.url.as_str()), args)
    }

    /// Runs `tablewright ARGS` with `DATABASE_URL` set to `url`.
    pub fn run_on(&self, url: Option<&str>, args: &[&str]) -> Run {
        run_in(self.path(), url, args)
    }

    /// Runs `git ARGS` in the project folder (its own repository after `git init`).
    pub fn git(&self, args: &[&str]) {
        let output = Command::new("git")
            .args(args)
            .current_dir(self.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@t")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@t")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Migration folder names, oldest first.
    pub fn migrations(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path().join("migrations"))
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// Runs `tablewright ARGS` in `dir`, with `DATABASE_URL` set to `url`.
pub fn run_in(dir: &Path, url: Option<&str>, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tablewright"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .env_remove("DATABASE_URL");
    if let Some(url) = url {
        command.env("DATABASE_URL", url);
    }
    let output = command.output().unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into(),
        stderr: String::from_utf8_lossy(&output.stderr).into(),
    }
}

pub fn fixture_path(fixture: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture)
}

pub fn version(folder: &str) -> &str {
    folder.split('_').next().unwrap()
}

/// A database of its own for one test, dropped afterwards.
pub struct TestDb {
    pub dialect: Dialect,
    /// What the binary is given: a URL, or `sqlite://` and the file's path.
    pub url: String,
    server: Option<ServerDatabase>,
    sqlite: Option<SqliteDatabase>,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

impl TestDb {
    pub fn postgres() -> Option<TestDb> {
        let server = ServerDatabase::postgres()?;
        Some(TestDb {
            dialect: Dialect::Postgres,
            url: server.url.clone(),
            server: Some(server),
            sqlite: None,
        })
    }

    pub fn mysql() -> Option<TestDb> {
        let server = ServerDatabase::mysql()?;
        Some(TestDb {
            dialect: Dialect::Mysql,
            url: server.url.clone(),
            server: Some(server),
            sqlite: None,
        })
    }

    /// An empty SQLite database (`migrate up` creates a missing file only with `--create`).
    pub fn sqlite() -> TestDb {
        let sqlite = SqliteDatabase::new();
        drop(sqlite.connect());
        TestDb {
            dialect: Dialect::Sqlite,
            url: format!("sqlite://{}", sqlite.path.display()),
            server: None,
            sqlite: Some(sqlite),
        }
    }

    /// Runs SQL by hand, as someone with a database console would.
    pub fn execute(&self, sql: &str) {
        let result = match self.dialect {
            Dialect::Postgres => PgConnection::establish(&self.url).unwrap().batch_execute(sql),
            Dialect::Mysql => MysqlConnection::establish(&self.url).unwrap().batch_execute(sql),
            Dialect::Sqlite => self.sqlite.as_ref().unwrap().connect().batch_execute(sql),
        };
        result.unwrap_or_else(|e| panic!("{}: {sql}: {e}", self.dialect));
    }

    /// `SELECT count(*) AS n ...`
    pub fn count(&self, sql: &str) -> i64 {
        let query = diesel::sql_query(sql);
        let result = match self.dialect {
            Dialect::Postgres => query.get_result::<Count>(&mut PgConnection::establish(&self.url).unwrap()),
            Dialect::Mysql => query.get_result::<Count>(&mut MysqlConnection::establish(&self.url).unwrap()),
            Dialect::Sqlite => query.get_result::<Count>(&mut self.sqlite.as_ref().unwrap().connect()),
        };
        result.unwrap_or_else(|e| panic!("{}: {sql}: {e}", self.dialect)).n
    }
}

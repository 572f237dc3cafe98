//! Support for tests that run against real databases.
//!
//! Each test gets a database of its own, created with a unique name and dropped afterwards, so
//! runs never collide. Server URLs come from the environment:
//!
//! - `TABLEWRIGHT_TEST_POSTGRES_URL`, e.g. `postgres://postgres@127.0.0.1:5432/test`
//! - `TABLEWRIGHT_TEST_MYSQL_URL`, e.g. `mysql://root@127.0.0.1:3306/test` (MariaDB or MySQL)
//!
//! SQLite needs nothing: each test gets a file in a temporary folder.
//!
//! A missing URL skips the test with a loud message, unless `CI` is set: then it fails.
//!
//! Tests write only under the target folder ([`target_dir`]): temporary folders come from
//! [`tempdir`], and applications outside the workspace are [`OutsideApp`]s.

pub mod library_fixture;
pub mod outside_app;

pub use outside_app::OutsideApp;

pub mod load;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use diesel::connection::SimpleConnection;
use diesel::{Connection, MysqlConnection, PgConnection, SqliteConnection};
use tablewright_core::dialect::Dialect;
use tablewright_core::model::Schema;
use tablewright_core::plan::Step;
use tablewright_core::project::Project;

pub const POSTGRES_URL: &str = "TABLEWRIGHT_TEST_POSTGRES_URL";
pub const MYSQL_URL: &str = "TABLEWRIGHT_TEST_MYSQL_URL";

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(path)
}

/// The target folder cargo builds into (`CARGO_TARGET_DIR`, by default the workspace's
/// `target/`): the nearest folder above the running test binary that holds cargo's
/// `CACHEDIR.TAG`, else the folder above `<profile>/deps/` or `<profile>/` (for a binary; cargo writes the tag only into a
/// target folder it creates, and `.ci/run` creates it first, for the Node.js tools).
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    target_dir_above(&exe).unwrap_or_else(|| {
        panic!(
            "no cargo target folder above {} (no CACHEDIR.TAG, not in <profile>/deps or <profile>)",
            exe.display()
        )
    })
}

/// The target folder of the binary at `exe`, see [`target_dir`].
fn target_dir_above(exe: &Path) -> Option<PathBuf> {
    let tagged = exe.ancestors().skip(1).find(|dir| dir.join("CACHEDIR.TAG").is_file());
    tagged.map(Path::to_path_buf).or_else(|| untagged_target_dir(exe))
}

/// Where cargo puts its binaries in a target folder it did not tag: a test in `<profile>/deps/`,
/// a binary (`cargo run --bin`) in `<profile>/`, beside `deps` and `.fingerprint`.
fn untagged_target_dir(exe: &Path) -> Option<PathBuf> {
    let parent = exe.parent()?;
    let profile = if parent.file_name().is_some_and(|name| name == "deps") {
        parent.parent()?
    } else if parent.join("deps").is_dir() && parent.join(".fingerprint").is_dir() {
        parent
    } else {
        return None;
    };
    profile.parent().map(Path::to_path_buf)
}

#[cfg(test)]
mod target_dir_tests {
    use super::*;

    /// A target folder made without cargo's tag (`mkdir` before the first build).
    fn untagged() -> (tempfile::TempDir, PathBuf) {
        let dir = tempdir();
        let target = dir.path().join("target");
        for folder in ["release/deps", "release/.fingerprint"] {
            std::fs::create_dir_all(target.join(folder)).unwrap();
        }
        (dir, target)
    }

    #[test]
    fn a_test_binary_in_deps_and_a_binary_in_the_profile_folder_find_it() {
        let (_dir, target) = untagged();
        let test = target.join("release/deps/corpus-0123abcd");
        let bin = target.join("release/tw-bench-apps");
        assert_eq!(untagged_target_dir(&test), Some(target.clone()));
        assert_eq!(untagged_target_dir(&bin), Some(target));
    }

    #[test]
    fn a_binary_elsewhere_has_none() {
        let (_dir, target) = untagged();
        assert_eq!(untagged_target_dir(&target.join("release/deps/x/y")), None);
    }
}

/// A temporary folder under `<target>/tmp`, removed when the value is dropped: tests write
/// nothing outside the target folder.
pub fn tempdir() -> tempfile::TempDir {
    let tmp = target_dir().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap_or_else(|e| panic!("cannot create {}: {e}", tmp.display()));
    tempfile::tempdir_in(&tmp).unwrap_or_else(|e| panic!("cannot create a folder in {}: {e}", tmp.display()))
}

fn server_url(variable: &str) -> Option<String> {
    match std::env::var(variable) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            let ci = ci_is_set();
            let message =
                format!("{variable} is not set: this test needs that database server (see db-tests/src/lib.rs)");
            if ci {
                panic!("{message}; CI is set, so a missing database is a failure");
            }
            eprintln!("\n!!! SKIPPED: {message}\n");
            None
        }
    }
}

fn unique_name() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "tw_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        nanos % 1_000_000
    )
}

/// `scheme://user@host:port/db?query` with the database replaced.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let authority_start = base.find("://").map(|i| i + 3).unwrap_or(0);
    let path_start = base[authority_start..]
        .find('/')
        .map(|i| i + authority_start)
        .unwrap_or(base.len());
    let mut out = format!("{}/{database}", &base[..path_start]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// A database on a server, dropped when this value is.
pub struct ServerDatabase {
    pub dialect: Dialect,
    pub name: String,
    pub url: String,
    admin_url: String,
}

impl ServerDatabase {
    pub fn postgres() -> Option<ServerDatabase> {
        let admin_url = server_url(POSTGRES_URL)?;
        let name = unique_name();
        let mut admin =
            PgConnection::establish(&admin_url).unwrap_or_else(|e| panic!("cannot connect to {admin_url}: {e}"));
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .expect("create test database");
        Some(ServerDatabase {
            dialect: Dialect::Postgres,
            url: with_database(&admin_url, &name),
            name,
            admin_url,
        })
    }

    pub fn mysql() -> Option<ServerDatabase> {
        let admin_url = server_url(MYSQL_URL)?;
        let name = unique_name();
        let mut admin =
            MysqlConnection::establish(&admin_url).unwrap_or_else(|e| panic!("cannot connect to {admin_url}: {e}"));
        admin
            .batch_execute(&format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
            .expect("create test database");
        Some(ServerDatabase {
            dialect: Dialect::Mysql,
            url: with_database(&admin_url, &name),
            name,
            admin_url,
        })
    }
}

impl ServerDatabase {
    /// A new PostgreSQL database with this one's contents (`CREATE DATABASE ... TEMPLATE`; no
    /// session may be connected to this one meanwhile).
    pub fn postgres_copy(&self) -> ServerDatabase {
        assert_eq!(self.dialect, Dialect::Postgres, "only PostgreSQL copies databases");
        let name = unique_name();
        let mut admin = PgConnection::establish(&self.admin_url)
            .unwrap_or_else(|e| panic!("cannot connect to {}: {e}", self.admin_url));
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\" TEMPLATE \"{}\"", self.name))
            .expect("copy the database");
        ServerDatabase {
            dialect: Dialect::Postgres,
            url: with_database(&self.admin_url, &name),
            name,
            admin_url: self.admin_url.clone(),
        }
    }
}

/// Writes the migrations from the schema the folder's newest migration records to `schema`,
/// after sealing the folders already there (as a commit would), with the clock at a fixed
/// reading per `step`; returns how many folders it wrote.
pub fn generate_migrations(folder: &Path, dialect: Dialect, schema: &Schema, step: u64) -> usize {
    use tablewright_core::migrations::MigrationSet;
    use tablewright_core::project::{Mode, Outcome};
    let set = MigrationSet::read(folder).unwrap_or_else(|_| MigrationSet {
        dir: folder.to_path_buf(),
        ..MigrationSet::default()
    });
    for existing in &set.folders {
        existing.seal().expect("seal a migration");
    }
    let project = Project {
        schema_dirs: vec![],
        source_dirs: vec![],
        migrations_dir: folder.to_path_buf(),
        dialect,
    };
    let now = UNIX_EPOCH + std::time::Duration::from_secs(1_800_000_000 + step * 60);
    let outcome = project
        .sync(schema, Mode::Write, now)
        .unwrap_or_else(|e| panic!("generating step {step}: {e}"));
    assert!(
        matches!(outcome, Outcome::Created { .. } | Outcome::UpToDate),
        "generating step {step}: {outcome:?}"
    );
    MigrationSet::read(folder)
        .expect("the migrations just written")
        .folders
        .len()
        - set.folders.len()
}

impl Drop for ServerDatabase {
    fn drop(&mut self) {
        let result = match self.dialect {
            Dialect::Postgres => PgConnection::establish(&self.admin_url)
                .map_err(|e| e.to_string())
                .and_then(|mut c| {
                    c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name))
                        .map_err(|e| e.to_string())
                }),
            Dialect::Mysql => MysqlConnection::establish(&self.admin_url)
                .map_err(|e| e.to_string())
                .and_then(|mut c| {
                    c.batch_execute(&format!("DROP DATABASE IF EXISTS `{}`", self.name))
                        .map_err(|e| e.to_string())
                }),
            Dialect::Sqlite => Ok(()),
        };
        if let Err(e) = result {
            eprintln!("warning: could not drop test database {}: {e}", self.name);
        }
    }
}

/// A SQLite database file in its own temporary folder.
pub struct SqliteDatabase {
    pub path: PathBuf,
    _dir: tempfile::TempDir,
}

impl SqliteDatabase {
    pub fn new() -> SqliteDatabase {
        let dir = tempdir();
        SqliteDatabase {
            path: dir.path().join("test.db"),
            _dir: dir,
        }
    }

    pub fn connect(&self) -> SqliteConnection {
        let mut conn = SqliteConnection::establish(self.path.to_str().expect("utf-8 path")).expect("open sqlite");
        conn.batch_execute("PRAGMA foreign_keys = ON")
            .expect("enable foreign keys");
        conn
    }
}

impl Default for SqliteDatabase {
    fn default() -> Self {
        SqliteDatabase::new()
    }
}

/// Loads and checks a schema from YAML folders, panicking with the diagnostics on error.
pub fn load_schema(dirs: &[PathBuf], dialect: Dialect) -> Schema {
    let project = Project {
        schema_dirs: dirs.to_vec(),
        source_dirs: vec![],
        migrations_dir: PathBuf::new(),
        dialect,
    };
    match project.load() {
        Ok(loaded) => loaded.schema,
        Err(diagnostics) => panic!("{diagnostics}"),
    }
}

/// The DDL that creates the schema's external tables: what the owning team's migrations would
/// have done before ours run.
pub fn external_tables_sql(schema: &Schema, dialect: Dialect) -> String {
    let mut sql = String::new();
    for table in schema.tables.iter().filter(|t| t.is_external()) {
        let mut owned = table.clone();
        owned.external = None;
        for statement in tablewright_core::render::statements(
            &Step::CreateTable {
                table: owned.into(),
                foreign_keys: vec![],
            },
            dialect,
        ) {
            sql.push_str(&statement);
            sql.push_str(";\n");
        }
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_in_url_is_replaced() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("mysql://root@127.0.0.1:3306", "x"),
            "mysql://root@127.0.0.1:3306/x"
        );
        assert_eq!(
            with_database("postgres://u@h/test?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}

/// The Node.js tools some tests run (the TypeScript compiler, Mermaid's parser), installed from
/// `.ci/node/package.json` into `<target>/node-tools` by `.ci/run`, or wherever
/// `TABLEWRIGHT_NODE_TOOLS` points. Missing, they are reported loudly (and fail the test when
/// `CI` is set); the test is then skipped.
pub fn node_tools() -> Option<PathBuf> {
    let dir = std::env::var_os("TABLEWRIGHT_NODE_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("node-tools"));
    let installed = ["typescript", "mermaid", "jsdom"]
        .iter()
        .all(|package| dir.join("node_modules").join(package).join("package.json").is_file());
    if installed {
        return Some(dir);
    }
    let ci = ci_is_set();
    let message = format!(
        "the Node.js test tools are not installed in {}: run `mkdir -p {0} && cp .ci/node/package*.json {0} && npm ci --prefix {0}` (or .ci/run), or set TABLEWRIGHT_NODE_TOOLS",
        dir.display()
    );
    if ci {
        panic!("{message}; CI is set, so missing tools are a failure");
    }
    eprintln!("\n!!! SKIPPED: {message}\n");
    None
}

/// Whether `CI` is set (to anything but empty, `0` or `false`): then a missing database or tool
/// is a failure, not a skip.
fn ci_is_set() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// The lines that differ between two values' `{:#?}` forms, as a unified diff with some context:
/// what a failing comparison of two catalogs shows instead of both catalogs in full.
pub fn debug_difference(expected: &impl std::fmt::Debug, found: &impl std::fmt::Debug) -> String {
    let (expected, found) = (format!("{expected:#?}"), format!("{found:#?}"));
    similar::TextDiff::from_lines(&expected, &found)
        .unified_diff()
        .context_radius(6)
        .header("expected", "found")
        .to_string()
}

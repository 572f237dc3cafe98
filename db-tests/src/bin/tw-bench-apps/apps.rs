//! The two applications compared: plain diesel with `diesel_migrations::embed_migrations!`, and
//! Tablewright with `#[derive(Table)]` structs, a build script and the `Migrator`. Both embed
//! the same migrations (one folder per database, written by the `tablewright` command line from
//! the same structs), connect to `DATABASE_URL`, apply what is pending, print how many and exit.

use std::path::{Path, PathBuf};

use tablewright_db_tests::repo_root;

/// Which of the two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Diesel,
    Tablewright,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Diesel => "diesel",
            Kind::Tablewright => "tablewright",
        }
    }
}

/// An application's folder, and the package (and binary) name.
pub struct App {
    pub kind: Kind,
    pub dir: PathBuf,
    pub package: String,
}

const DIESEL_MAIN: &str = r#"use diesel::connection::Connection;
use diesel::{MysqlConnection, PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const MYSQL: EmbeddedMigrations = embed_migrations!("migrations/mysql");
const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

fn run<C>(url: &str, migrations: EmbeddedMigrations) -> Result<usize, Box<dyn std::error::Error + Send + Sync>>
where
    C: Connection + MigrationHarness<C::Backend>,
{
    let mut conn = C::establish(url)?;
    Ok(conn.run_pending_migrations(migrations)?.len())
}

fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let applied = if url.starts_with("postgres") {
        run::<PgConnection>(&url, POSTGRES)
    } else if url.starts_with("mysql") {
        run::<MysqlConnection>(&url, MYSQL)
    } else {
        run::<SqliteConnection>(&url, SQLITE)
    };
    match applied {
        Ok(n) => println!("{n} migration(s) applied"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
"#;

const TABLEWRIGHT_MAIN: &str = r#"#![allow(dead_code)]
mod models;

use diesel::{MysqlConnection, PgConnection, SqliteConnection};
use tablewright::{Migrations, Migrator};

const POSTGRES: Migrations = tablewright::embed_migrations!("migrations/postgres");
const MYSQL: Migrations = tablewright::embed_migrations!("migrations/mysql");
const SQLITE: Migrations = tablewright::embed_migrations!("migrations/sqlite");

fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let report = if url.starts_with("postgres") {
        Migrator::new(&POSTGRES).run::<PgConnection>(&url)
    } else if url.starts_with("mysql") {
        Migrator::new(&MYSQL).run::<MysqlConnection>(&url)
    } else {
        Migrator::new(&SQLITE).run::<SqliteConnection>(&url)
    };
    match report {
        Ok(report) => println!("{} migration(s) applied", report.applied.len()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
"#;

/// Writes the application `package` of `kind` into `dir` (emptied first), with the migration
/// folders of `histories` (`<histories>/<dialect>`) and the final `models` source.
pub fn write(kind: Kind, dir: &Path, package: &str, histories: &Path, models: &str) -> App {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let root = repo_root().canonicalize().unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let common =
        "diesel = { version = \"2.3\", default-features = false, features = [\"postgres\", \"mysql\", \"sqlite\"] }\n\
                  libsqlite3-sys = { version = \"0.38\", features = [\"bundled\"] }\n";
    let manifest = match kind {
        Kind::Diesel => format!(
            "[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n\
             [dependencies]\n{common}diesel_migrations = \"2.3\"\n"
        ),
        Kind::Tablewright => format!(
            "[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n\
             [dependencies]\n{common}tablewright = {{ path = \"{root}/tablewright\", features = [\"postgres\", \"mysql\", \"sqlite\"] }}\n\n\
             [build-dependencies]\ntablewright-build = {{ path = \"{root}/tablewright-build\" }}\n",
            root = root.display()
        ),
    };
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    for dialect in ["postgres", "mysql", "sqlite"] {
        copy_dir(&histories.join(dialect), &dir.join("migrations").join(dialect));
    }
    match kind {
        Kind::Diesel => std::fs::write(dir.join("src/main.rs"), DIESEL_MAIN).unwrap(),
        Kind::Tablewright => {
            std::fs::write(dir.join("src/main.rs"), TABLEWRIGHT_MAIN).unwrap();
            std::fs::create_dir_all(dir.join("src/models")).unwrap();
            std::fs::write(dir.join("src/models/mod.rs"), models).unwrap();
            std::fs::write(
                dir.join("build.rs"),
                "fn main() {\n    tablewright_build::generate();\n}\n",
            )
            .unwrap();
            // The build script keeps the SQLite folder in step with the structs; the other two
            // were written from the same structs by the command line.
            std::fs::write(
                dir.join("tablewright.toml"),
                "scan = [\"src/models\"]\ndialect = \"sqlite\"\nmigrations = \"migrations/sqlite\"\n",
            )
            .unwrap();
        }
    }
    App {
        kind,
        dir: dir.to_path_buf(),
        package: package.to_string(),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

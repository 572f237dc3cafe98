//! The subcommands, one file each, as functions from arguments to success or a [`Failure`].

pub mod baseline;
pub mod diff;
pub mod generate;
pub mod import;
#[cfg(feature = "postgres")]
pub mod isolation;
pub mod lint;
pub mod migrate;
pub mod outputs;
pub mod plan;
pub mod restamp;
pub mod seal;
pub mod seed;
pub mod status;

use std::path::{Path, PathBuf};

use tablewright::Migrations;
use tablewright_core::migrations::MigrationSet;
use tablewright_core::model::Table;
use tablewright_core::project::{Loaded, Project};
use tablewright_core::Dialect;

use crate::args::{ProjectArgs, SchemaArgs};
use crate::failure::Failure;
use crate::settings::Settings;

/// Reads and checks the schema; warnings go to stderr, errors fail with exit code 2.
pub fn load(project: &Project) -> Result<Loaded, Failure> {
    load_with(project, &[])
}

/// [`load`], with the tables of the libraries' sets (external tables the schema may reference).
pub fn load_with(project: &Project, provided: &[Table]) -> Result<Loaded, Failure> {
    let loaded = project.load_with(provided).map_err(Failure::error)?;
    for warning in loaded.warnings.warnings() {
        eprintln!("{warning}\n");
    }
    Ok(loaded)
}

/// The project described by the flags over the settings file. Without a dialect in either, the
/// newest generated migration says which database the folder is for (one migrations folder
/// serves one database).
pub fn project(args: ProjectArgs, settings: &Settings) -> Result<Project, Failure> {
    // The schema first: where there is none, asking which database it is for sends the user
    // the wrong way.
    let (schema_dirs, source_dirs) = settings.schema(args.schema)?;
    let migrations = settings.migrations(args.migrations);
    let dialect = match args.dialect.or(settings.dialect()) {
        Some(dialect) => dialect,
        None => folder_dialect(&migrations)?.ok_or_else(|| {
            Failure::error(format!(
                "which database are the migrations in {} for? pass --dialect postgres, sqlite or mysql, or set `dialect = \"postgres\"` in tablewright.toml (later runs read it from the generated migrations)",
                migrations.display()
            ))
        })?,
    };
    Ok(Project {
        schema_dirs,
        source_dirs,
        migrations_dir: migrations,
        dialect,
    })
}

/// A project for reading the schema: the folders of the flags, else of the settings file, else
/// `schemas`.
pub fn model_project(
    schema: SchemaArgs,
    migrations: PathBuf,
    dialect: Dialect,
    settings: &Settings,
) -> Result<Project, Failure> {
    let (schema_dirs, source_dirs) = settings.schema(schema)?;
    Ok(Project {
        schema_dirs,
        source_dirs,
        migrations_dir: migrations,
        dialect,
    })
}

fn folder_dialect(dir: &Path) -> Result<Option<Dialect>, Failure> {
    let set = MigrationSet::read(dir).map_err(|e| Failure::error(format!("{}: {e}", dir.display())))?;
    Ok(set
        .latest_generated()
        .and_then(|(_, folder)| folder.snapshot()?.as_ref().ok().map(|s| s.dialect)))
}

/// The migrations folder, as the migrator runs it.
pub fn read_migrations(dir: &Path) -> Result<Migrations, Failure> {
    Migrations::from_dir(dir).map_err(|e| {
        Failure::error(format!(
            "cannot read the migrations in {}: {e} (pass --migrations DIR)",
            dir.display()
        ))
    })
}

pub fn print_json(value: &serde_json::Value) {
    emit(&format!(
        "{}\n",
        serde_json::to_string_pretty(value).expect("JSON values serialize")
    ));
}

/// Writes long output to stdout. A reader that stops early (`| head`) is not an error, where
/// `println!` would panic on the closed pipe.
pub fn emit(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// The first characters of a checksum, enough to tell two apart in a message.
pub fn short(checksum: &str) -> &str {
    &checksum[..12.min(checksum.len())]
}

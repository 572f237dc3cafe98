//! `tablewright`: the schema toolkit's command line.
//!
//! Exit codes: 0 success; 1 the migrations are out of date (`check`); 2 the schema has errors or
//! the command cannot run (bad flags, unreadable folders).

mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use tablewright_core::Dialect;

#[derive(Parser)]
#[command(
    name = "tablewright",
    version,
    about = "Describe tables once (YAML or #[derive(Table)]); get checked DDL and diesel migrations.",
    long_about = "Describe tables once (YAML files or #[derive(Table)] structs); get checked DDL and diesel \
migrations.\n\nThe same engine runs in build.rs (tablewright-build). Use this tool in CI (`check`) and from \
a terminal (`generate`).\n\nExit codes: 0 success, 1 migrations out of date, 2 schema errors or bad usage."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the next migration if the schema changed (or update the draft migration).
    ///
    /// Example: tablewright generate --schemas schemas --dialect postgres
    Generate(ProjectArgs),
    /// Fail (exit 1) if the migrations are out of date with the schema; write nothing.
    ///
    /// Example, in CI: tablewright check --schemas schemas --dialect postgres
    Check(ProjectArgs),
    /// Print the JSON Schema of the YAML format, for editors.
    ///
    /// Example: tablewright schema-json > tablewright.schema.json
    SchemaJson,
}

#[derive(Args)]
struct ProjectArgs {
    /// Folder of YAML schema files, searched recursively (repeatable).
    #[arg(long = "schemas", value_name = "DIR")]
    schemas: Vec<PathBuf>,
    /// Folder of Rust sources with #[derive(Table)] structs, searched recursively (repeatable).
    #[arg(long = "scan", value_name = "DIR")]
    scan: Vec<PathBuf>,
    /// Folder of diesel migrations.
    #[arg(long, value_name = "DIR", default_value = "migrations")]
    migrations: PathBuf,
    /// The database the migrations are for: postgres, sqlite or mysql.
    #[arg(long, value_name = "DIALECT", value_parser = parse_dialect)]
    dialect: Dialect,
}

fn parse_dialect(text: &str) -> Result<Dialect, String> {
    text.parse()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate(args) => commands::generate(args.into_project(), false),
        Command::Check(args) => commands::generate(args.into_project(), true),
        Command::SchemaJson => {
            print!("{}", tablewright_core::source::yaml::json_schema());
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

impl ProjectArgs {
    fn into_project(self) -> tablewright_core::project::Project {
        let schemas = if self.schemas.is_empty() && self.scan.is_empty() { vec![PathBuf::from("schemas")] } else { self.schemas };
        tablewright_core::project::Project {
            schema_dirs: schemas,
            source_dirs: self.scan,
            migrations_dir: self.migrations,
            dialect: self.dialect,
        }
    }
}

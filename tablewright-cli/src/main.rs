//! `tablewright`: the schema toolkit's command line.
//!
//! Exit codes: 0 success; 1 the migrations are out of date (`check`), the database drifted from
//! the schema (`diff`) or the linter found errors (`lint`); 2 schema errors, bad usage, connection or database errors, refused
//! migrations. The grammar and its help are in [`args`].
//!
//! Each database is a cargo feature (all on by default). Built without any, the commands that
//! need no database still work, and the others say which feature to build with; the code for
//! them is then unused, which is expected.
#![cfg_attr(not(any(feature = "postgres", feature = "mysql", feature = "sqlite")), allow(unused))]

mod args;
mod commands;
mod failure;
mod settings;
mod target;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use tablewright_core::project::Mode;

use args::{Cli, Command, DiffArgs, MigrateCommand};
use commands::{diff, generate, lint, migrate, plan, restamp, seal, status};
use failure::Failure;
use settings::Settings;
use target::{on_target, Target};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command, cli.config.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            // An empty message: the output already said it (lint in a machine format).
            if !failure.message.is_empty() {
                eprintln!("{}", failure.message);
            }
            ExitCode::from(failure.code)
        }
    }
}

fn run(command: Command, config: Option<&std::path::Path>) -> Result<(), Failure> {
    // The settings build.rs reads, under the flags; every command but `schema-json` uses them.
    let settings = || Settings::load(config);
    match command {
        Command::Generate(args) => generate::generate(commands::project(args, &settings()?)?, Mode::Write),
        Command::Check(args) => generate::generate(commands::project(args, &settings()?)?, Mode::Check),
        Command::Plan(args) => plan::plan(commands::project(args.project, &settings()?)?, args.format),
        Command::Seal(args) => seal::seal(&settings()?.migrations(args.migrations), args.version.as_deref()),
        Command::Migrate(command) => run_migrate(command, &settings()?),
        Command::Restamp(args) => {
            let migrations = settings()?.migrations(args.database.migrations);
            let target = existing(&args.database.url.database_url)?;
            on_target!(&target, restamp::restamp, &migrations, &args.version)
        }
        Command::Diff(args) => run_diff(args, &settings()?),
        Command::Lint(args) => lint::lint(args, &settings()?),
        Command::SchemaJson => {
            print!("{}", tablewright_core::source::yaml::json_schema());
            Ok(())
        }
    }
}

fn run_migrate(command: MigrateCommand, settings: &Settings) -> Result<(), Failure> {
    match command {
        MigrateCommand::Up { to, create, database } => {
            // A SQLite file that does not exist yet is created only with --create.
            let target = Target::parse(&database.url.database_url)?;
            target.require_existing_unless(create)?;
            let migrations = settings.migrations(database.migrations);
            on_target!(&target, migrate::up, &migrations, to.as_deref())
        }
        MigrateCommand::Down { to, database } => {
            let target = existing(&database.url.database_url)?;
            let migrations = settings.migrations(database.migrations);
            on_target!(&target, migrate::down, &migrations, to.as_deref())
        }
        MigrateCommand::Redo { database } => {
            let target = existing(&database.url.database_url)?;
            let migrations = settings.migrations(database.migrations);
            on_target!(&target, migrate::redo, &migrations)
        }
        MigrateCommand::Status { database, format } => {
            let target = existing(&database.url.database_url)?;
            let migrations = settings.migrations(database.migrations);
            on_target!(&target, status::status, &migrations, format)
        }
    }
}

fn run_diff(args: DiffArgs, settings: &Settings) -> Result<(), Failure> {
    let target = existing(&args.url.database_url)?;
    let dialect = match (args.dialect, settings.dialect()) {
        (Some(dialect), _) if dialect != target.dialect() => {
            return Err(Failure::error(format!(
                "--dialect {dialect} does not match the database URL, which is {}",
                target.dialect()
            )));
        }
        (None, Some(dialect)) if dialect != target.dialect() => {
            return Err(Failure::error(format!(
                "{} says dialect = \"{dialect}\", but the database URL is {}: is DATABASE_URL the right database? (pass --dialect {} to compare this one anyway)",
                settings.file().map(|f| f.display().to_string()).unwrap_or_default(),
                target.dialect(),
                target.dialect()
            )));
        }
        _ => target.dialect(),
    };
    // The schema is checked before connecting: its errors are the ones to fix first.
    let project = commands::model_project(args.schema, PathBuf::new(), dialect, settings)?;
    let loaded = commands::load(&project)?;
    on_target!(&target, diff::diff, &loaded.schema, args.format)
}

/// A database that commands other than `migrate up` expect to exist.
fn existing(url: &str) -> Result<Target, Failure> {
    let target = Target::parse(url)?;
    target.require_existing()?;
    Ok(target)
}

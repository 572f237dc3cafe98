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
mod target;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use tablewright_core::project::Mode;

use args::{Cli, Command, DiffArgs, MigrateCommand};
use commands::{diff, generate, lint, migrate, plan, restamp, seal, status};
use failure::Failure;
use target::{on_target, Target};

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Generate(args) => generate::generate(commands::project(args)?, Mode::Write),
        Command::Check(args) => generate::generate(commands::project(args)?, Mode::Check),
        Command::Plan(args) => plan::plan(commands::project(args.project)?, args.format),
        Command::Seal(args) => seal::seal(&args.migrations, args.version.as_deref()),
        Command::Migrate(command) => run_migrate(command),
        Command::Restamp(args) => {
            let target = existing(&args.database.url.database_url)?;
            on_target!(&target, restamp::restamp, &args.database.migrations, &args.version)
        }
        Command::Diff(args) => run_diff(args),
        Command::Lint(args) => lint::lint(args),
        Command::SchemaJson => {
            print!("{}", tablewright_core::source::yaml::json_schema());
            Ok(())
        }
    }
}

fn run_migrate(command: MigrateCommand) -> Result<(), Failure> {
    match command {
        MigrateCommand::Up { to, create, database } => {
            // A SQLite file that does not exist yet is created only with --create.
            let target = Target::parse(&database.url.database_url)?;
            target.require_existing_unless(create)?;
            on_target!(&target, migrate::up, &database.migrations, to.as_deref())
        }
        MigrateCommand::Down { to, database } => {
            let target = existing(&database.url.database_url)?;
            on_target!(&target, migrate::down, &database.migrations, to.as_deref())
        }
        MigrateCommand::Redo { database } => {
            let target = existing(&database.url.database_url)?;
            on_target!(&target, migrate::redo, &database.migrations)
        }
        MigrateCommand::Status { database, format } => {
            let target = existing(&database.url.database_url)?;
            on_target!(&target, status::status, &database.migrations, format)
        }
    }
}

fn run_diff(args: DiffArgs) -> Result<(), Failure> {
    let target = existing(&args.url.database_url)?;
    let dialect = match args.dialect {
        Some(dialect) if dialect != target.dialect() => {
            return Err(Failure::error(format!(
                "--dialect {dialect} does not match the database URL, which is {}",
                target.dialect()
            )));
        }
        _ => target.dialect(),
    };
    // The schema is checked before connecting: its errors are the ones to fix first.
    let loaded = commands::load(&commands::model_project(args.schema, PathBuf::new(), dialect))?;
    on_target!(&target, diff::diff, &loaded.schema, args.format)
}

/// A database that commands other than `migrate up` expect to exist.
fn existing(url: &str) -> Result<Target, Failure> {
    let target = Target::parse(url)?;
    target.require_existing()?;
    Ok(target)
}

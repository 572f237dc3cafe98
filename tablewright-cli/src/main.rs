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
// The doc comments of `args` are clap's --help text, read as written, not as Markdown:
// `[[libraries]]` and `<table>.yaml` are what the user types.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

mod allocator;
mod args;
mod commands;
mod discover;
mod duration;
mod failure;
mod progress;
mod sets;
mod settings;
mod target;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use tablewright_core::project::Mode;

use args::{Cli, Command, DiffArgs, MigrateCommand};
use commands::{baseline, diff, generate, import, lint, migrate, outputs, plan, restamp, seal, status};
use failure::Failure;
use sets::Sets;
use settings::Settings;
use target::{on_target, Target};

fn main() -> ExitCode {
    allocator::tune();
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
        Command::Generate(args) => {
            let settings = settings()?;
            generate::generate(commands::project(args, &settings)?, Mode::Write, &settings)
        }
        Command::Check(args) => {
            let settings = settings()?;
            generate::generate(commands::project(args, &settings)?, Mode::Check, &settings)
        }
        Command::Plan(args) => plan::plan(commands::project(args.project, &settings()?)?, args.format),
        Command::Seal(args) => seal::seal(&settings()?.migrations(args.migrations), args.version.as_deref()),
        Command::Migrate(command) => run_migrate(command, &settings()?),
        Command::Restamp(args) => {
            let migrations = settings()?.migrations(args.database.migrations);
            let target = existing(&args.database.url.database_url)?;
            on_target!(&target, restamp::restamp, &migrations, &args.version)
        }
        Command::Diff(args) => run_diff(args, &settings()?),
        Command::Import(args) => {
            let settings = settings()?;
            let target = existing(&args.url.database_url)?;
            let plan = import::ImportPlan {
                out: args.out,
                options: tablewright_core::catalog::ImportOptions {
                    tables: args.tables,
                    external: args.external,
                },
                migrations: settings.migrations(args.migrations),
                baseline: !args.no_baseline,
            };
            on_target!(&target, import::import, &plan)
        }
        Command::Lint(args) => lint::lint(args, &settings()?),
        Command::Docs(args) => outputs::docs(commands::project(args.project, &settings()?)?, &args.out, args.check),
        Command::Types(args) => {
            let project = commands::project(args.project, &settings()?)?;
            let options = outputs::typescript_options(args.json_type, args.bigint, args.camel_case, args.preamble);
            outputs::types(project, options, args.out.as_deref(), args.check)
        }
        Command::CheckIsolation(args) => run_check_isolation(args, &settings()?),
        Command::Seed(args) => run_seed(args, &settings()?),
        Command::SchemaJson => {
            print!("{}", tablewright_core::source::yaml::json_schema());
            Ok(())
        }
    }
}

fn run_migrate(command: MigrateCommand, settings: &Settings) -> Result<(), Failure> {
    match command {
        MigrateCommand::Up {
            to,
            create,
            set,
            lock,
            database,
        } => {
            // A SQLite file that does not exist yet is created only with --create.
            let target = Target::parse(&database.url.database_url)?;
            target.require_existing_unless(create)?;
            let sets = Sets::read(
                settings,
                settings.migrations(database.migrations),
                target.dialect(),
                set.set,
            )?;
            on_target!(&target, migrate::up, &sets, to.as_deref(), lock.lock_timeout)
        }
        MigrateCommand::Down {
            to,
            set,
            lock,
            database,
        } => {
            let target = existing(&database.url.database_url)?;
            let sets = Sets::read(
                settings,
                settings.migrations(database.migrations),
                target.dialect(),
                set.set,
            )?;
            on_target!(&target, migrate::down, &sets, to.as_deref(), lock.lock_timeout)
        }
        MigrateCommand::Baseline { schema, database } => {
            let target = existing(&database.url.database_url)?;
            let migrations = settings.migrations(database.migrations);
            let project = commands::model_project(schema, migrations, target.dialect(), settings)?;
            let loaded = commands::load(&project)?;
            on_target!(&target, baseline::baseline, &project, &loaded.schema)
        }
        MigrateCommand::Redo { lock, database } => {
            let target = existing(&database.url.database_url)?;
            let migrations = settings.migrations(database.migrations);
            on_target!(&target, migrate::redo, &migrations, lock.lock_timeout)
        }
        MigrateCommand::Status { set, database, format } => {
            let target = existing(&database.url.database_url)?;
            let sets = Sets::read(
                settings,
                settings.migrations(database.migrations),
                target.dialect(),
                set.set,
            )?;
            on_target!(&target, status::status, &sets, format)
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
    // The libraries' tables, from their sets' newest schema snapshots for this database: the
    // application's tables may reference them.
    let libraries = sets::read_libraries(settings, dialect)?;
    if let Some(name) = &args.set.set {
        sets::check_name(settings, &libraries, name)?;
    }
    let mut tables = Vec::new();
    let mut provided = Vec::new();
    let mut only = None;
    for library in &libraries {
        let own = sets::own_tables(library)?;
        provided.extend(
            own.iter()
                .map(|t| tablewright_core::library::provided(t, library.name())),
        );
        if args.set.set.as_deref() == Some(library.name()) {
            only = Some(diff::OneSet {
                name: library.name().to_string(),
                tables: own.iter().map(|t| t.name.clone()).collect(),
            });
        }
        tables.extend(own);
    }
    // The schema is checked before connecting: its errors are the ones to fix first.
    let project = commands::model_project(args.schema, PathBuf::new(), dialect, settings)?;
    let loaded = commands::load_with(&project, &provided)?;
    // The application's schema-level objects (extensions, enum types, ...) are compared too.
    let mut objects = loaded.schema;
    let app: Vec<_> = (std::mem::take(&mut objects.tables).into_iter())
        .filter(|t| !provided.iter().any(|p| p.name == t.name))
        .collect();
    if args.set.set.as_deref() == Some(tablewright::APP_SET) {
        only = Some(diff::OneSet {
            name: tablewright::APP_SET.to_string(),
            tables: app.iter().map(|t| t.name.clone()).collect(),
        });
    }
    tables.extend(app);
    let schema = tablewright_core::Schema { tables, ..objects };
    on_target!(&target, diff::diff, &schema, only.as_ref(), args.format)
}

fn run_seed(args: args::SeedArgs, settings: &Settings) -> Result<(), Failure> {
    let target = match &args.database_url {
        Some(url) if !args.check => Some(existing(url)?),
        _ => None,
    };
    let dialect = args
        .dialect
        .or(target.as_ref().map(Target::dialect))
        .or(settings.dialect())
        .ok_or_else(|| {
            Failure::error(
                "which database are the seeds for? give --database-url (or DATABASE_URL), or --dialect with --check",
            )
        })?;
    let project = commands::model_project(args.schema, PathBuf::new(), dialect, settings)?;
    let loaded = commands::load(&project)?;
    let dir = settings.seeds(args.seeds);
    match target {
        None => {
            let tables = commands::seed::checked(&dir, &loaded.schema, dialect)?;
            let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
            println!(
                "the seeds in {}/ are valid: {rows} row(s) of {} table(s)",
                dir.display(),
                tables.len()
            );
            Ok(())
        }
        Some(target) => on_target!(&target, commands::seed::seed, &dir, &loaded.schema),
    }
}

fn run_check_isolation(args: args::CheckIsolationArgs, settings: &Settings) -> Result<(), Failure> {
    let target = existing(&args.url.database_url)?;
    let Target::Postgres(url) = &target else {
        return Err(Failure::error(format!(
            "check-isolation probes PostgreSQL's row-level security; on {} the tenant tables have no policy, and isolation is up to the application's queries",
            target.dialect()
        )));
    };
    let project = commands::model_project(
        args.schema,
        PathBuf::new(),
        tablewright_core::Dialect::Postgres,
        settings,
    )?;
    let loaded = commands::load(&project)?;
    #[cfg(feature = "postgres")]
    return commands::isolation::check_isolation(url, &loaded.schema);
    #[cfg(not(feature = "postgres"))]
    {
        let _ = (url, loaded);
        Err(target::not_built_for("PostgreSQL", "postgres"))
    }
}

/// A database that commands other than `migrate up` expect to exist.
fn existing(url: &str) -> Result<Target, Failure> {
    let target = Target::parse(url)?;
    target.require_existing()?;
    Ok(target)
}

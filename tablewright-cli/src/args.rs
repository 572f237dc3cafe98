//! The command line's grammar (clap derive). Each command's help ends with examples: most
//! people read help for the example, and `--help` is the only manual a terminal has.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tablewright_core::Dialect;

const ABOUT: &str = "Describe tables once (YAML or #[derive(Table)]); get checked DDL and diesel migrations.";

const LONG_ABOUT: &str = "Describe tables once (YAML files or #[derive(Table)] structs); get checked DDL and diesel \
migrations, apply them safely, and find where a live database drifted from the schema.

The same engine runs in build.rs (tablewright-build), with the same settings: the tool reads \
tablewright.toml (or [package.metadata.tablewright] in Cargo.toml) of the crate the current folder is in, \
so in a configured project no command needs a flag. Flags take precedence over the file. Use this tool in CI \
(`check`, `diff`) and from a terminal (`generate`, `plan`, `migrate`).";

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  migrations out of date (check), drift found (diff), or lint errors (lint)
  2  schema errors, bad usage, connection or database errors, refused migrations

Settings (tablewright.toml at the crate root, or the same keys under [package.metadata.tablewright]):
  schemas = [\"schemas\"]       folders of YAML files                (--schemas)
  scan = [\"src/models\"]       folders of #[derive(Table)] sources  (--scan)
  migrations = \"migrations\"   the migrations folder                (--migrations)
  dialect = \"postgres\"        postgres, sqlite or mysql            (--dialect)

Environment:
  DATABASE_URL  the database, when --database-url is not given:
                postgres://... or postgresql://...  PostgreSQL
                mysql://...                         MySQL or MariaDB
                sqlite://PATH, or a plain file path SQLite
                file:PATH?mode=ro                   SQLite, with URI parameters (or sqlite://PATH?...)

A typical day:
  tablewright generate                             # write the draft migration from the schema
  tablewright plan                                 # or first look at the SQL it would write
  tablewright migrate up                           # apply it to $DATABASE_URL
  tablewright seal                                 # freeze the draft before committing it
  tablewright diff                                 # did someone change the database by hand?";

#[derive(Parser)]
#[command(name = "tablewright", version, about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The settings file: a tablewright.toml, or a Cargo.toml with [package.metadata.tablewright]
    /// [default: the one of the crate the current folder is in, if any].
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Write the next migration if the schema changed (or update the draft migration).
    #[command(
        after_help = "Examples:\n  tablewright generate                  # the settings of tablewright.toml\n  tablewright generate --dialect postgres\n  tablewright generate --schemas db/schemas --scan src/models --migrations db/migrations --dialect sqlite"
    )]
    Generate(ProjectArgs),
    /// Fail (exit 1) if the migrations are out of date with the schema; write nothing.
    #[command(
        after_help = "Examples, in CI:\n  tablewright check                     # the settings of tablewright.toml\n  tablewright check --schemas schemas --dialect postgres"
    )]
    Check(ProjectArgs),
    /// Print the SQL (up and down) that `generate` would write, without writing it.
    #[command(
        after_help = "Examples:\n  tablewright plan\n  tablewright plan --dialect postgres --scan src/models\n  tablewright plan --format json | jq -r .up"
    )]
    Plan(PlanArgs),
    /// Freeze the draft migration: `generate` never rewrites it again (do this before committing).
    ///
    /// The newest generated migration is a draft that absorbs every schema edit. Sealing it sets
    /// `draft = false` in its metadata.toml; the next schema change starts a new migration. A
    /// change written as several migrations (PostgreSQL: backfills, validation, indexes, a swap)
    /// is sealed whole.
    #[command(
        after_help = "Examples:\n  tablewright seal                    # the newest change's migrations\n  tablewright seal 20261123163616     # the change that migration belongs to, by version"
    )]
    Seal(SealArgs),
    /// Apply, revert or inspect migrations on a database.
    #[command(
        subcommand,
        after_help = "Examples:\n  export DATABASE_URL=postgres://app@localhost/app\n  tablewright migrate up\n  tablewright migrate status\n  tablewright migrate down --to 20261123163616\n\nRun `tablewright migrate <COMMAND> --help` for each command's options."
    )]
    Migrate(MigrateCommand),
    /// Record the current checksum of an applied migration that was edited on purpose.
    ///
    /// `migrate up` refuses to run while an applied migration differs from what was applied.
    /// When the edit is intended and the database already matches the edited file (a comment, a
    /// fix made by hand as well), restamp it.
    #[command(
        after_help = "Example:\n  tablewright restamp 20261123163616 --database-url postgres://app@localhost/app"
    )]
    Restamp(RestampArgs),
    /// Compare the schema with a live database; print every difference (exit 1 if any).
    ///
    /// Reads the database's catalog: tables, columns, types, defaults, constraints, indexes,
    /// triggers, comments, row-level security and policies.
    #[command(
        after_help = "Examples:\n  tablewright diff --database-url postgres://app@localhost/app\n  DATABASE_URL=app.db tablewright diff --scan src/models --format json"
    )]
    Diff(DiffArgs),
    /// Lint migrations for changes that lose data, block writers, or leave tenant isolation open.
    ///
    /// Reads .sql files, migration folders or a whole migrations folder (in order, so each
    /// migration is linted knowing what the earlier ones created). Prints each finding with the
    /// safe alternative. Exit 1 if any finding is an error. The rules: docs/lint.md. A statement
    /// can be excused with `-- tablewright-lint: ignore rule-name (why)` on the line before it.
    #[command(
        after_help = "Examples:\n  tablewright lint                              # the migrations folder\n  tablewright lint db/migrations/20261123163616_add_lots --dialect postgres\n  tablewright lint hand_written.sql --format json"
    )]
    Lint(LintArgs),
    /// Print the JSON Schema of the YAML format, for editors.
    #[command(after_help = "Example:\n  tablewright schema-json > tablewright.schema.json")]
    SchemaJson,
}

#[derive(Args)]
pub struct LintArgs {
    /// Files or folders to lint [default: the migrations folder of tablewright.toml, else
    /// ./migrations].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The database the SQL is for [default: the dialect of tablewright.toml, else the newest
    /// generated migration's].
    #[arg(long, value_name = "DIALECT", value_parser = parse_dialect)]
    pub dialect: Option<Dialect>,
    /// Also lint down.sql (which drops what up.sql created, by nature).
    #[arg(long)]
    pub include_down: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
}

/// How `lint` prints its findings. In every format but text, stdout holds the document and
/// stderr stays empty: the exit code says whether there were errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// For people.
    Text,
    /// A JSON array of findings.
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps).
    Sarif,
    /// GitHub Actions workflow commands: one annotation per finding on the pull request.
    Github,
}

#[derive(Subcommand)]
pub enum MigrateCommand {
    /// Apply the pending migrations (under a lock, refusing edited applied migrations).
    #[command(
        after_help = "Examples:\n  tablewright migrate up --database-url postgres://app@localhost/app\n  tablewright migrate up --to 20261123163616\n  tablewright migrate up --create --database-url dev.db     # a new SQLite database"
    )]
    Up {
        /// Apply only the migrations up to this version (included).
        #[arg(long, value_name = "VERSION")]
        to: Option<String>,
        /// SQLite: create the database file if it does not exist (without it, a missing file is
        /// an error, so a mistyped path does not become a new empty database).
        #[arg(long)]
        create: bool,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Revert the newest applied migration, or every one newer than --to.
    #[command(
        after_help = "Examples:\n  tablewright migrate down                      # the newest applied migration\n  tablewright migrate down --to 20261123163616  # every migration after this one"
    )]
    Down {
        /// Revert every applied migration newer than this version (which stays applied).
        #[arg(long, value_name = "VERSION")]
        to: Option<String>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Revert the newest applied migration and apply it again (tests its down.sql).
    #[command(after_help = "Example:\n  tablewright migrate redo --database-url dev.db")]
    Redo {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// List every migration: applied or pending, when, and whether it changed since.
    ///
    /// Checksums: ok (as applied), edited (changed since it was applied: restore it, or restamp),
    /// unrecorded (applied without a checksum, e.g. by diesel's CLI; the next `up` records it).
    /// Migrations the database applied that are not in the folder are listed too.
    #[command(
        after_help = "Examples:\n  tablewright migrate status\n  tablewright migrate status --format json | jq '.migrations[] | select(.state == \"pending\")'"
    )]
    Status {
        #[command(flatten)]
        database: DatabaseArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Where the schema is written. Either flag replaces both folder lists of tablewright.toml.
#[derive(Args)]
pub struct SchemaArgs {
    /// Folder of YAML schema files, searched recursively (repeatable) [default: the `schemas` and
    /// `scan` of tablewright.toml; without them, `schemas` unless --scan is given].
    #[arg(long = "schemas", value_name = "DIR")]
    pub schemas: Vec<PathBuf>,
    /// Folder of Rust sources with #[derive(Table)] structs, searched recursively (repeatable)
    /// [default: the `scan` of tablewright.toml, unless --schemas is given].
    #[arg(long = "scan", value_name = "DIR")]
    pub scan: Vec<PathBuf>,
}

#[derive(Args)]
pub struct ProjectArgs {
    #[command(flatten)]
    pub schema: SchemaArgs,
    /// Folder of diesel migrations [default: the `migrations` of tablewright.toml, else
    /// migrations].
    #[arg(long, value_name = "DIR")]
    pub migrations: Option<PathBuf>,
    /// The database the migrations are for: postgres, sqlite or mysql [default: the `dialect` of
    /// tablewright.toml, else the one the newest generated migration was written for].
    #[arg(long, value_name = "DIALECT", value_parser = parse_dialect)]
    pub dialect: Option<Dialect>,
}

#[derive(Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Args)]
pub struct SealArgs {
    /// The migration's version (or folder name) [default: the newest generated migration].
    pub version: Option<String>,
    /// Folder of diesel migrations [default: the `migrations` of tablewright.toml, else
    /// migrations].
    #[arg(long, value_name = "DIR")]
    pub migrations: Option<PathBuf>,
}

#[derive(Args)]
pub struct DatabaseArgs {
    #[command(flatten)]
    pub url: UrlArg,
    /// Folder of diesel migrations [default: the `migrations` of tablewright.toml, else
    /// migrations].
    #[arg(long, value_name = "DIR")]
    pub migrations: Option<PathBuf>,
}

#[derive(Args)]
pub struct UrlArg {
    /// postgres://..., mysql://..., sqlite://PATH or a file path. The value of DATABASE_URL is
    /// never shown in help: it usually holds a password.
    #[arg(
        long = "database-url",
        value_name = "URL",
        env = "DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: String,
}

#[derive(Args)]
pub struct RestampArgs {
    /// The applied migration's version, as `migrate up` names it in its refusal.
    pub version: String,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Args)]
pub struct DiffArgs {
    #[command(flatten)]
    pub schema: SchemaArgs,
    #[command(flatten)]
    pub url: UrlArg,
    /// The dialect to check the schema for [default: from the URL's scheme, which must agree with
    /// the `dialect` of tablewright.toml].
    #[arg(long, value_name = "DIALECT", value_parser = parse_dialect)]
    pub dialect: Option<Dialect>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// How a command prints its result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For scripts: one JSON document on stdout.
    Json,
}

fn parse_dialect(text: &str) -> Result<Dialect, String> {
    text.parse()
}

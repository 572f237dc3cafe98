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
  seeds = \"seeds\"             development rows for `seed`          (--seeds)

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
    ///
    /// With [[libraries]] in tablewright.toml, the schema includes the tables of every library
    /// set (from the schema its newest migration records for this database); --set limits the
    /// differences to one set's tables.
    #[command(
        after_help = "Examples:\n  tablewright diff --database-url postgres://app@localhost/app\n  DATABASE_URL=app.db tablewright diff --scan src/models --format json\n  tablewright diff --set agents                # the library's tables only"
    )]
    Diff(DiffArgs),
    /// Write an existing database's tables as YAML schema files, and record a baseline.
    ///
    /// Reads the database's catalog and writes one YAML file per table into --out (never
    /// overwriting a file). Facts the format cannot express yet are listed, not dropped silently.
    /// Then, unless --no-baseline, it generates the migrations that create this schema into the
    /// (empty) migrations folder, seals them, checks that the database holds exactly that
    /// (`diff` finds nothing), and records them as applied without running them: adopting
    /// Tablewright never re-creates what exists. Guide: docs/existing-databases.md.
    #[command(
        after_help = "Examples:\n  tablewright import --database-url postgres://app@localhost/app --out schemas\n  tablewright import --tables lots,lot_movements --external users --out schemas\n  tablewright import --no-baseline --out imported      # the YAML only"
    )]
    Import(ImportArgs),
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
    /// Write Markdown documentation of the schema: a page per table and a summary with counts
    /// and Mermaid ER diagrams.
    ///
    /// The output is a function of the schema alone, so `--check` in CI fails (exit 1) when the
    /// committed pages are stale.
    #[command(
        after_help = "Examples:\n  tablewright docs                      # writes docs/schema/README.md and a page per table\n  tablewright docs --out db/docs\n  tablewright docs --check              # in CI: exit 1 if the committed pages are stale"
    )]
    Docs(DocsArgs),
    /// Write TypeScript types of the schema: a row and an insert interface per table, enum
    /// values as string-literal unions.
    #[command(
        after_help = "Examples:\n  tablewright types --lang typescript --out web/src/db.ts\n  tablewright types --lang typescript --json-type JsonValue --preamble 'import type { JsonValue } from \"./json\";'\n  tablewright types --lang typescript --bigint string --camel-case\n  tablewright types --lang typescript --out web/src/db.ts --check   # in CI"
    )]
    Types(TypesArgs),
    /// Try to cross from one tenant into another in every tenant table (PostgreSQL): reads,
    /// inserts, updates and deletes across two tenants and with the tenant unset or empty, as a
    /// role that does not own the table and as its owner. Exit 1 on any leak.
    ///
    /// Everything runs in transactions that are rolled back: the database is left as it was.
    /// The connecting role must be able to create roles, set session_replication_role and SET
    /// ROLE to the tables' owner: a superuser on a development or test database.
    #[command(
        after_help = "Examples:\n  tablewright check-isolation --database-url postgres://postgres@localhost/app_test\n  DATABASE_URL=postgres://postgres@localhost/app_test tablewright check-isolation --schemas schemas"
    )]
    CheckIsolation(CheckIsolationArgs),
    /// Load the development rows of seeds/ (a file per table: <table>.yaml or <table>.csv),
    /// checked against the schema, parents first, in one transaction. A row whose primary key
    /// is already there is left alone, so running it again changes nothing.
    #[command(
        after_help = "Examples:\n  tablewright seed                                  # seeds/ into $DATABASE_URL\n  tablewright seed --seeds db/seeds --database-url sqlite://dev.db\n  tablewright seed --check                          # check the files against the schema only"
    )]
    Seed(SeedArgs),
}

#[derive(Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub url: UrlArg,
    /// The folder the YAML files are written to (created if needed; no file is overwritten).
    #[arg(long, value_name = "DIR", default_value = "schemas")]
    pub out: PathBuf,
    /// Only these tables, comma-separated [default: every table]. Tables they reference are
    /// written as external.
    #[arg(long, value_name = "TABLE", value_delimiter = ',')]
    pub tables: Vec<String>,
    /// Write these tables (comma-separated) as external: another team's, columns only, never
    /// migrated.
    #[arg(long, value_name = "TABLE", value_delimiter = ',')]
    pub external: Vec<String>,
    /// The migrations folder the baseline is written to; it must be empty [default: the
    /// `migrations` of tablewright.toml, else migrations].
    #[arg(long, value_name = "DIR")]
    pub migrations: Option<PathBuf>,
    /// Write the YAML only; record no baseline (later: `tablewright migrate baseline`).
    #[arg(long)]
    pub no_baseline: bool,
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
    ///
    /// With [[libraries]] in tablewright.toml, every set in the order the application runs them
    /// (each library's core, its opted-in groups, then this crate's own, `app`), under one lock;
    /// with --set, that set alone, refused while a set it requires has migrations not applied.
    #[command(
        after_help = "Examples:\n  tablewright migrate up --database-url postgres://app@localhost/app\n  tablewright migrate up --to 20261123163616\n  tablewright migrate up --set agents                       # one library's set\n  tablewright migrate up --lock-timeout 5m                  # a long migration may be running\n  tablewright migrate up --create --database-url dev.db     # a new SQLite database"
    )]
    Up {
        /// Apply only the migrations up to this version (included); with library sets, of the
        /// set --set names.
        #[arg(long, value_name = "VERSION")]
        to: Option<String>,
        /// SQLite: create the database file if it does not exist (without it, a missing file is
        /// an error, so a mistyped path does not become a new empty database).
        #[arg(long)]
        create: bool,
        #[command(flatten)]
        set: SetArg,
        #[command(flatten)]
        lock: LockArgs,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Revert the newest applied migration, or every one newer than --to.
    ///
    /// With [[libraries]] in tablewright.toml, of the set --set names; without --set, of the one
    /// set that has applied migrations, and refused when several have (it does not guess).
    /// Refused too when a set that requires this one (a group its library, `app` every library)
    /// applied a migration after the one to revert, or in the same second: revert that set first.
    #[command(
        after_help = "Examples:\n  tablewright migrate down                      # the newest applied migration\n  tablewright migrate down --to 20261123163616  # every migration after this one\n  tablewright migrate down --set agents/scheduler"
    )]
    Down {
        /// Revert every applied migration newer than this version (which stays applied).
        #[arg(long, value_name = "VERSION")]
        to: Option<String>,
        #[command(flatten)]
        set: SetArg,
        #[command(flatten)]
        lock: LockArgs,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Adopt a database that already holds the schema: write its migrations and record them as
    /// applied, without running them.
    ///
    /// The migrations folder must be empty, and the database must hold exactly the schema
    /// (`tablewright diff` finds nothing); the migrations are sealed at once.
    #[command(
        after_help = "Example:\n  tablewright migrate baseline --database-url postgres://app@localhost/app --schemas schemas"
    )]
    Baseline {
        #[command(flatten)]
        schema: SchemaArgs,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Revert the newest applied migration and apply it again (tests its down.sql); of this
    /// crate's own set, not a library's.
    #[command(after_help = "Example:\n  tablewright migrate redo --database-url dev.db")]
    Redo {
        #[command(flatten)]
        lock: LockArgs,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// List every migration: applied or pending, when, and whether it changed since.
    ///
    /// Checksums: ok (as applied), edited (changed since it was applied: restore it, or restamp),
    /// unrecorded (applied without a checksum, e.g. by diesel's CLI; the next `up` records it).
    /// Migrations the database applied that are not in the folder are listed too ("ahead of" the
    /// folder when newer than all of its: the database is ahead of this build or library).
    ///
    /// With [[libraries]] in tablewright.toml, a section per set, in the order the application
    /// runs them (each library's core, its opted-in groups, then this crate's own, `app`).
    #[command(
        after_help = "Examples:\n  tablewright migrate status\n  tablewright migrate status --set agents\n  tablewright migrate status --format json | jq '.migrations[] | select(.state == \"pending\")'"
    )]
    Status {
        #[command(flatten)]
        set: SetArg,
        #[command(flatten)]
        database: DatabaseArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Args)]
pub struct DocsArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// The folder the pages are written to.
    #[arg(long, value_name = "DIR", default_value = "docs/schema")]
    pub out: PathBuf,
    /// Write nothing; exit 1 if the folder does not hold exactly these pages.
    #[arg(long)]
    pub check: bool,
}

#[derive(Args)]
pub struct SeedArgs {
    #[command(flatten)]
    pub schema: SchemaArgs,
    /// The folder of seed files [default: the `seeds` of tablewright.toml, else seeds].
    #[arg(long, value_name = "DIR")]
    pub seeds: Option<PathBuf>,
    /// Check the seed files against the schema and load nothing (no database needed; give
    /// --dialect).
    #[arg(long)]
    pub check: bool,
    /// The dialect to check for with --check [default: the `dialect` of tablewright.toml, else
    /// the database URL's].
    #[arg(long, value_name = "DIALECT", value_parser = parse_dialect)]
    pub dialect: Option<Dialect>,
    /// postgres://..., mysql://..., sqlite://PATH or a file path.
    #[arg(
        long = "database-url",
        value_name = "URL",
        env = "DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
}

#[derive(Args)]
pub struct CheckIsolationArgs {
    #[command(flatten)]
    pub schema: SchemaArgs,
    #[command(flatten)]
    pub url: UrlArg,
}

#[derive(Args)]
pub struct TypesArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// The language of the types.
    #[arg(long, value_enum)]
    pub lang: Lang,
    /// The file to write [default: standard output].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write nothing; exit 1 if --out does not hold exactly these types.
    #[arg(long, requires = "out")]
    pub check: bool,
    /// The type of json and jsonb columns.
    #[arg(long, value_name = "TYPE", default_value = "unknown")]
    pub json_type: String,
    /// The type of bigint and bigserial columns: number is exact only up to 2^53.
    #[arg(long, value_enum, default_value_t = BigIntType::Number)]
    pub bigint: BigIntType,
    /// Property names in camelCase (for an API using serde's rename_all = "camelCase").
    #[arg(long)]
    pub camel_case: bool,
    /// Text written after the header, e.g. the import of the type --json-type names.
    #[arg(long, value_name = "TEXT")]
    pub preamble: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    Typescript,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BigIntType {
    Number,
    String,
    #[value(name = "bigint")]
    BigInt,
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
pub struct SetArg {
    /// Only this migration set: a library's, as [[libraries]] in tablewright.toml names it
    /// (`agents`, `agents/scheduler` for a group), or `app`, this crate's own migrations
    /// [default: every set].
    #[arg(long = "set", value_name = "NAME")]
    pub set: Option<String>,
}

#[derive(Args)]
pub struct LockArgs {
    /// How long to wait for the migration lock while another process (a starting replica, a
    /// deploy) holds it, before giving up: 30s, 2m, 1m30s, 500ms.
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = crate::duration::parse_duration)]
    pub lock_timeout: std::time::Duration,
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
    #[command(flatten)]
    pub set: SetArg,
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

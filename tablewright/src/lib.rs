//! Describe your tables once, as annotated structs or YAML files; `cargo build` turns them into
//! checked DDL and diesel migrations, and your binary applies them at startup.
//!
//! This is the crate an application depends on. Its build script uses `tablewright-build`
//! (see that crate), and the `tablewright` command line tool checks, previews and generates
//! from CI or a terminal.
//!
//! ```toml
//! [dependencies]
//! tablewright = "0.1"
//! diesel = { version = "2.3", features = ["sqlite"] }
//!
//! [build-dependencies]
//! tablewright-build = "0.1"
//! ```
//!
//! The build script and the `tablewright` command line read the same settings, from
//! `tablewright.toml` next to `Cargo.toml` (or the same keys under
//! `[package.metadata.tablewright]`):
//!
//! ```toml
//! scan = ["src/models"]   # #[derive(Table)] structs; schemas = ["schemas"] for YAML files
//!                         # (with tablewright-build's `yaml` feature)
//! dialect = "sqlite"      # postgres, sqlite or mysql; migrations = "migrations" is the default
//! ```
//!
//! ```ignore
//! // build.rs
//! fn main() {
//!     tablewright_build::generate();
//! }
//! ```
//!
//! # Declaring a table
//!
//! ```
//! use tablewright::Table;
//!
//! /// Compiles on its own: the derive also emits diesel's `table!` as `notes::table`.
//! #[derive(Table)]
//! #[table(name = "notes", comment = "Things worth remembering")]
//! pub struct Note {
//!     #[column(primary_key, sql_type = "serial")]
//!     pub id: i32,
//!     #[column(max_length = 200, index)]
//!     pub title: String,
//!     pub body: Option<String>,
//!     #[column(default = false)]
//!     pub pinned: bool,
//! }
//!
//! # fn main() {
//! use diesel::prelude::*;
//! let _query = notes::table.filter(notes::pinned.eq(true)).select(notes::title);
//! # }
//! ```
//!
//! # Joins between tables
//!
//! A hand-kept diesel `schema.rs` has a `joinable!` for each foreign key and one
//! `allow_tables_to_appear_in_same_query!` for the tables; here nobody writes them. The build
//! script reads the whole schema and tells the derive where every table's `table!` is, and each
//! derive emits the relations it owns next to its `table!`, each pair once in the crate:
//!
//! ```ignore
//! // src/models/project.rs and src/models/task.rs hold the structs; nothing else to write.
//! let open: Vec<(String, Task)> = tasks::table
//!     .inner_join(projects::table)    // tasks.project_id references projects.id
//!     .select((projects::name, Task::as_select()))
//!     .load(&mut conn)?;
//! ```
//!
//! - Two derived tables: the first by name emits the relations, naming the other's module by
//!   its file under `src/` (`src/models/task.rs` is `crate::models::task`; a struct in an inline
//!   `mod` is found too). That module must be visible from the first one: sibling files of one
//!   folder always are; elsewhere, make the module `pub(crate)`. `#[path]` is not followed, and a
//!   struct under `#[cfg(...)]` or outside `src/` can be named by nobody (it still names the
//!   others).
//! - A derived table and a YAML table: the derive emits them, naming the YAML table in
//!   `crate::schema`, the module where the app includes the build script's
//!   `tablewright_schema.rs` (`include!(concat!(env!("OUT_DIR"), "/tablewright_schema.rs"));` in
//!   `src/schema.rs`). Another module is named with `schema_module = "crate::db::schema"` in
//!   `tablewright.toml`; `schema_module = ""` when the app does not include the file.
//! - Two YAML tables: `tablewright_schema.rs` has them.
//!
//! `joinable!` needs the only foreign key between two tables, on one column, to the other's
//! single-column primary key (diesel joins on the primary key). With two foreign keys between the
//! same tables, or one to another unique column, write the join's `.on(...)`. Without a build
//! script (a doctest, a crate that only derives), the derive emits `table!` alone.
//!
//! # The attribute reference
//!
//! The SQL type of a field comes from its Rust type (`i16` smallint, `i32` integer, `i64`
//! bigint, `bool` boolean, `String` text, `f32` real, `f64` double, `Vec<u8>` binary,
//! `uuid::Uuid` uuid, `chrono::NaiveDate`/`time::Date` date, `NaiveTime`/`Time` time,
//! `NaiveDateTime`/`PrimitiveDateTime` timestamp, `DateTime<_>`/`OffsetDateTime` timestamptz,
//! `serde_json::Value` jsonb, `BigDecimal` numeric); `Option<T>` makes the column nullable.
//!
//! ## `#[table(...)]` on the struct (may be repeated)
//!
//! | key | meaning |
//! |---|---|
//! | `name = "lots"` | table name (default: the struct name in snake_case plus `s`, like diesel) |
//! | `comment = "..."` | `COMMENT ON TABLE` |
//! | `tenant = "tenant_id"` | multi-tenant: row-level security on that column (PostgreSQL) |
//! | `tenant(column = "tenant_id", setting = "app.current_tenant_id", policy = "...")` | the same, with the session setting and policy name spelled out |
//! | `external` / `external(owner = "main system team")` | owned by another team: declared, never migrated |
//! | `primary_key(a, b)` | composite primary key |
//! | `index(columns(a, b), name = "...", unique, method = "gin", predicate = "is_active")` | an index; `method` is btree (default), gin, gist, hash, spgist or brin; `predicate` makes it partial |
//! | `index(columns(a), key(column = "b", order = "desc", nulls = "last", opclass = "..."), key(expression = "lower(c)"))` | index keys with options, in the order written (see docs/yaml.md, Index keys) |
//! | `index(columns(a), include(b, c), with(fillfactor = 70), method = "brin")` | `INCLUDE` columns and storage parameters (PostgreSQL); `method` may also be spgist or brin |
//! | `unique(columns(a, b), name = "...")` | a unique constraint |
//! | `check(expr = "quantity >= 0", name = "...")` | a check constraint |
//! | `foreign_key(columns(a, b), references = "other(x, y)", on_delete = "cascade", on_update = "...", name = "...")` | a composite foreign key |
//! | `comment = "..."` inside `index(...)`, `unique(...)`, `check(...)`, `foreign_key(...)`; `primary_key_comment = "..."` | `COMMENT ON CONSTRAINT` / `COMMENT ON INDEX` (PostgreSQL; documentation only elsewhere) |
//! | `exclude(element(column = "room_id", with = "="), element(column = "during", with = "&&"), name = "...", method = "gist", where = "NOT cancelled", deferrable, comment = "...")` | an exclusion constraint (PostgreSQL; see docs/yaml.md, `excludes`) |
//! | `dialect = "postgres"` | the database, when no build script sets it (decides a few diesel types) |
//! | `renamed_from = "coupons"` | the table's previous name: the next migration renames it (renames are declared, never guessed) |
//! | `dropped` | take the table out of use: the migration renames it to `<name>__dropped`, rows kept; the down restores it (the derive emits no `table!` for it: code still using it stops compiling) |
//! | `purged` | delete the dropped table for good, in a later migration than `dropped` |
//! | `waive(check = "unindexed-foreign-key", object = "lots_location_id_fkey", reason = "...")` | answers one check's finding about one object of the table on purpose, with the reason (repeatable); only some checks can be waived: docs/checks.md, "Waivers" |
//! | `group = "scheduler"` | in a library crate (`tablewright_build::Library`): the table belongs to an optional group, a migration set of its own (`embed_migrations!(set = "...", group = "scheduler")`) that a host may leave out |
//!
//! ## `#[column(...)]` on a field
//!
//! | key | meaning |
//! |---|---|
//! | `name = "sql_name"` | column name (default: the field name) |
//! | `sql_type = "numeric(12,3)"` | the portable type, instead of the one inferred from the Rust type |
//! | `max_length = 50` | `varchar(50)` for a `String` |
//! | `precision = 6` | fractional digits of seconds (0 to 6) for a time field: `timestamp(6)` for a `NaiveDateTime` (docs/yaml.md, Fractional seconds) |
//! | `primary_key` | this column is the key |
//! | `unique` / `unique_per_tenant` | unique in the table / within each tenant |
//! | `index` / `index = "gin"` | a single-column index |
//! | `default = 0` / `default = "ZONE"` / `default = true` | a literal default |
//! | `default_sql = "now()"` | an SQL default; `now()` and `gen_random_uuid()` are portable |
//! | `values("A", "B")` | an enum, enforced with `CHECK (column IN ('A', 'B'))` |
//! | `check = "quantity >= 0"` | a check constraint on the column |
//! | `references = "table.column"` (or `"table"`) | a foreign key; needs `on_delete` |
//! | `on_delete = "restrict"` / `on_update = "..."` | cascade, restrict, set_null, set_default, no_action |
//! | `set_on_update` | set to the current time on every UPDATE (a trigger; `ON UPDATE` on MySQL) |
//! | `comment = "..."` | `COMMENT ON COLUMN` |
//! | `native_type(postgres = "citext")` | the SQL type to use on one database |
//! | `diesel_type = "path::to::SqlType"` | the diesel type for `table!` |
//! | `skip` | not a column |
//! | `renamed_from = "nickname"` | the column's previous name: the next migration renames it |
//! | `dropped` | take the column out of use: renamed to `<name>__dropped` and made nullable, values kept; it stays in `table!` under its name, reading the kept column, so the field must be an `Option` (see below); the down restores it |
//! | `purged` | delete the dropped column for good, in a later migration than `dropped`; it leaves `table!` |
//! | `removed_values("ON_HOLD")` | values taken out of `values` on purpose (the migration fails while rows hold them) |
//! | `narrowing = "allowed"` | accept a type change that may fail on some values or lose part of them: the old values are kept in `<table>__<column>__narrowed`, and the down puts back those nobody changed since |
//! | `narrowing = "purged"` | delete the values a narrowing kept, in a later migration than `narrowing = "allowed"` |
//!
//! Mistakes are compile errors at the attribute, with the correct form:
//!
//! ```compile_fail
//! use tablewright::Table;
//!
//! #[derive(Table)]
//! pub struct Lot {
//!     #[column(primary_key)]
//!     pub id: i32,
//!     #[column(on_delete = restrict)] // error: expected a string; the correct form looks like `#[column(on_delete = "restrict")]`
//!     pub location_id: i32,
//! }
//! ```
//!
//! # Dropping a column of a struct diesel reads
//!
//! The field keeps `#[column(dropped)]` until the column is purged, so a struct that also
//! derives diesel's `Queryable`, `Selectable` or `Insertable` keeps its field. Its `table!`
//! column stays, under the same name, reading `<name>__dropped`: the struct keeps compiling and
//! reads the kept values. That column is nullable (rows inserted after the drop leave it out), so
//! the field becomes an `Option`, which the derive says if it is not:
//!
//! ```
//! # use diesel::prelude::*;
//! use tablewright::Table;
//!
//! #[derive(Table, Queryable, Selectable)]
//! #[diesel(table_name = notes)]
//! #[table(name = "notes", dialect = "sqlite")]
//! pub struct Note {
//!     #[column(primary_key)]
//!     pub id: i32,
//!     #[column(dropped)]
//!     pub body: Option<String>, // was `String`: the kept column is nullable
//! }
//! # fn main() {}
//! ```
//!
//! Purging deletes the column, and the field must leave diesel's derives with it. Mark it
//! `#[column(purged)]` and `cargo build`: the build script writes the purge migration, then the
//! compiler reports the field (`notes::body` is gone). Seal that migration (`tablewright seal`,
//! or commit it), then delete the field: a purged column may leave the schema once its purge is
//! sealed. A dropped table keeps no `table!`: take diesel's derives off its struct while it is
//! dropped.
//!
//! # Applying migrations at startup
//!
//! [`Migrator`] applies what [`embed_migrations!`] compiled into the binary, under a lock, with
//! checksums of what was applied, and verifies tables owned by other teams. For row-level
//! security, run a request's queries as one tenant with `with_tenant` (feature `postgres`).
//!
//! # Features
//!
//! - `postgres`, `mysql`, `sqlite`: the databases the application uses.
//! - `tracing`: the migrator's progress as `tracing` events (target `tablewright::migrate`).
//!   Off by default, so `tracing` is not in an application's build; the [`Report`] that
//!   [`Migrator::run`] returns says what ran either way.
//! - `tools`: for tools and tests (see `Cargo.toml`); links the schema compiler.

/// A progress event of the migrator (target `tablewright::migrate`), sent through `tracing` with
/// the `tracing` feature; without it nothing is built, not even the event's values.
macro_rules! event {
    ($level:ident, $($event:tt)*) => {{
        #[cfg(feature = "tracing")]
        ::tracing::$level!(target: "tablewright::migrate", $($event)*);
    }};
}

mod history;
pub mod introspect;
mod migrate;
mod migrations;
mod migrator;
mod sets;
#[cfg(feature = "postgres")]
mod tenant;

pub use history::{applied_in_set, applied_migrations, recorded_sets, revert, AppliedMigration};
pub use migrations::{FollowUp, FollowUpSql, MigrationFile, Migrations, Stamp};
pub use migrator::{baseline, restamp, Database, MigrateError, Migrator, Refusal, Report};
pub use sets::NamedMigrations;
/// Embeds the migration folders (default `migrations`, relative to `Cargo.toml`) in the binary:
/// `const MIGRATIONS: tablewright::Migrations = tablewright::embed_migrations!();`
pub use tablewright_macros::embed_migrations;

/// The shared (`external`) tables of the schema the build script read, as a [`SharedTables`]
/// for [`Migrator::expect_schema`]: a Rust expression the build script writes
/// (`OUT_DIR/tablewright_shared_tables.rs`), so the binary carries no schema to parse. Needs
/// `tablewright-build` in the crate's build script.
#[macro_export]
macro_rules! include_schema {
    () => {
        ::core::include!(::core::concat!(
            ::core::env!("OUT_DIR"),
            "/tablewright_shared_tables.rs"
        ))
    };
}
pub use migrate::{run_pending_migrations, Applied};
pub use tablewright_macros::Table;
/// `#[derive(View)]`: a view (`#[view(query = "SELECT ...")]`, `materialized`, `with_data`,
/// `comment`, `renamed_from`, `primary_key(...)`, `depends_on(...)`, `name`) whose fields are its
/// output columns; emits diesel's `table!` for it (keyed on `primary_key`, default the first
/// field). The migrations create the view: see docs/yaml.md#views-and-materialized-views.
pub use tablewright_macros::View;
pub use tablewright_runtime_core::shared_tables::{SharedColumn, SharedTable, SharedTables};
pub use tablewright_runtime_core::APP_SET;
#[cfg(feature = "postgres")]
pub use tenant::{with_setting, with_tenant, TENANT_SETTING};

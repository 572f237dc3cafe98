//! An agents library that owns its tables: hosts run [`MIGRATIONS`] (and [`SCHEDULER`], if they
//! use the scheduler) with `tablewright::Migrator::with`, on PostgreSQL, SQLite or MySQL.

pub mod models;

/// The agents' tables, for every database the library supports.
pub static MIGRATIONS: tablewright::NamedMigrations = tablewright::embed_migrations!(set = "agents");

/// The scheduler's tables: an optional group a host may leave out, and add later.
pub static SCHEDULER: tablewright::NamedMigrations =
    tablewright::embed_migrations!(set = "agents", group = "scheduler");

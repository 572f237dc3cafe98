//! Migration sets that travel with library crates.
//!
//! A library that owns tables ships their migrations, for every database it supports, as a named
//! set (`agents::MIGRATIONS`, written by `tablewright_build::Library` and embedded with
//! `embed_migrations!(set = "agents")`). A host application runs every set it uses under its own
//! migration lock, before its own migrations: `Migrator::new(&MIGRATIONS).with(&agents::MIGRATIONS)`.
//! The ledger records a set's migrations as `<set>:<version>`, so the versions of different sets
//! never collide, and diesel's own table keeps recording only the host's.
//!
//! An optional group of a library's tables is a set of its own (`agents/scheduler`), which
//! requires the library's core set: a host that leaves it out never gets its tables, and one
//! that adds it later gets them at the next start.

use std::borrow::Cow;
#[cfg(feature = "tools")]
use std::path::Path;

use tablewright_runtime_core::Dialect;

use crate::{MigrationFile, Migrations};

/// A library's migration set, for each database it supports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedMigrations {
    name: Cow<'static, str>,
    requires: Cow<'static, [Cow<'static, str>]>,
    postgres: Option<Migrations>,
    sqlite: Option<Migrations>,
    mysql: Option<Migrations>,
}

impl NamedMigrations {
    /// Used by `embed_migrations!(set = "...")`.
    pub const fn embedded(
        name: &'static str,
        requires: &'static [Cow<'static, str>],
        postgres: Option<Migrations>,
        sqlite: Option<Migrations>,
        mysql: Option<Migrations>,
    ) -> NamedMigrations {
        NamedMigrations {
            name: Cow::Borrowed(name),
            requires: Cow::Borrowed(requires),
            postgres,
            sqlite,
            mysql,
        }
    }

    /// Reads a set written by `tablewright_build::Library`: `root/<dialect>/` for each database
    /// (the tests, the command line; feature `tools`, as [`Migrations::from_dir`]).
    #[cfg(feature = "tools")]
    pub fn from_dir(name: &str, requires: &[&str], root: impl AsRef<Path>) -> std::io::Result<NamedMigrations> {
        let root = root.as_ref();
        let read = |dialect: Dialect| -> std::io::Result<Option<Migrations>> {
            let dir = root.join(dialect.to_string());
            if dir.is_dir() {
                Migrations::from_dir(dir).map(Some)
            } else {
                Ok(None)
            }
        };
        Ok(NamedMigrations {
            name: Cow::Owned(name.to_string()),
            requires: requires.iter().map(|r| Cow::Owned(r.to_string())).collect(),
            postgres: read(Dialect::Postgres)?,
            sqlite: read(Dialect::Sqlite)?,
            mysql: read(Dialect::Mysql)?,
        })
    }

    /// `agents`, or `agents/scheduler` for a group.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The sets that must be applied before this one (a group requires its library's core).
    pub fn requires(&self) -> impl Iterator<Item = &str> {
        self.requires.iter().map(AsRef::as_ref)
    }

    /// Keeps only the migrations `keep` accepts, for every database (a tool applying a set up
    /// to a version).
    pub fn retain(&mut self, keep: impl Fn(&MigrationFile) -> bool) {
        for migrations in [&mut self.postgres, &mut self.sqlite, &mut self.mysql]
            .into_iter()
            .flatten()
        {
            *migrations = migrations.iter().filter(|f| keep(f)).cloned().collect();
        }
    }

    /// The migrations for `dialect`, if the library supports that database.
    pub fn for_dialect(&self, dialect: Dialect) -> Option<&Migrations> {
        match dialect {
            Dialect::Postgres => self.postgres.as_ref(),
            Dialect::Sqlite => self.sqlite.as_ref(),
            Dialect::Mysql => self.mysql.as_ref(),
        }
    }
}

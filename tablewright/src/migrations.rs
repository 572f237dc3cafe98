//! The migrations a binary carries: diesel migration folders, embedded at compile time with
//! [`embed_migrations!`](crate::embed_migrations) or read from disk with [`Migrations::from_dir`].
//!
//! Unlike diesel's `EmbeddedMigrations`, these keep their SQL text, which the [`Migrator`]
//! needs for checksums and for running non-transactional migrations one statement at a time.
//! They still implement diesel's `MigrationSource`, so diesel's own harness accepts them too.
//!
//! [`Migrator`]: crate::Migrator

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

use diesel::backend::Backend;
use diesel::connection::BoxableConnection;
use diesel::migration::{Migration, MigrationMetadata, MigrationName, MigrationSource, MigrationVersion};

/// One migration folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigrationFile {
    name: Cow<'static, str>,
    up: Cow<'static, str>,
    down: Option<Cow<'static, str>>,
    run_in_transaction: bool,
}

impl MigrationFile {
    /// Used by `embed_migrations!`.
    pub const fn embedded(
        name: &'static str,
        up: &'static str,
        down: Option<&'static str>,
        run_in_transaction: bool,
    ) -> MigrationFile {
        let down = match down {
            Some(down) => Some(Cow::Borrowed(down)),
            None => None,
        };
        MigrationFile {
            name: Cow::Borrowed(name),
            up: Cow::Borrowed(up),
            down,
            run_in_transaction,
        }
    }

    pub fn new(
        name: impl Into<String>,
        up: impl Into<String>,
        down: Option<String>,
        run_in_transaction: bool,
    ) -> MigrationFile {
        MigrationFile {
            name: Cow::Owned(name.into()),
            up: Cow::Owned(up.into()),
            down: down.map(Cow::Owned),
            run_in_transaction,
        }
    }

    /// The folder name, e.g. `20251205103000_create_storage_locations`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The version diesel records: the part before the first `_`, without dashes.
    pub fn version(&self) -> String {
        self.name.split('_').next().unwrap_or_default().replace('-', "")
    }

    pub fn up(&self) -> &str {
        &self.up
    }

    pub fn down(&self) -> Option<&str> {
        self.down.as_deref()
    }

    pub fn run_in_transaction(&self) -> bool {
        self.run_in_transaction
    }

    /// What the ledger records for this migration.
    pub fn checksum(&self) -> String {
        tablewright_core::migrations::checksum(&self.up, self.down.as_deref())
    }
}

/// The migrations of an application, in the order they apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Migrations {
    files: Cow<'static, [MigrationFile]>,
}

impl Migrations {
    /// Used by `embed_migrations!`; `files` are sorted by name.
    pub const fn embedded(files: &'static [MigrationFile]) -> Migrations {
        Migrations {
            files: Cow::Borrowed(files),
        }
    }

    /// Reads a migrations folder at run time (the CLI, tests).
    pub fn from_dir(dir: impl AsRef<Path>) -> std::io::Result<Migrations> {
        let set = tablewright_core::migrations::MigrationSet::read(dir.as_ref())?;
        if !dir.as_ref().is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("no migrations folder at {}", dir.as_ref().display()),
            ));
        }
        let mut files = Vec::new();
        for folder in set.folders {
            let Some(up) = folder.read_file("up.sql") else { continue };
            let run_in_transaction = folder.metadata.as_ref().is_none_or(|m| m.run_in_transaction);
            files.push(MigrationFile::new(
                folder.name.clone(),
                up,
                folder.read_file("down.sql"),
                run_in_transaction,
            ));
        }
        Ok(Migrations {
            files: Cow::Owned(files),
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = &MigrationFile> {
        self.files.iter()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn by_version(&self, version: &str) -> Option<&MigrationFile> {
        self.files.iter().find(|f| f.version() == version)
    }
}

/// A selection of migrations, e.g. those up to a version (`tablewright migrate up --to`).
impl FromIterator<MigrationFile> for Migrations {
    fn from_iter<I: IntoIterator<Item = MigrationFile>>(files: I) -> Migrations {
        let mut files: Vec<MigrationFile> = files.into_iter().collect();
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Migrations {
            files: Cow::Owned(files),
        }
    }
}

struct Name<'a>(&'a MigrationFile);

impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.name)
    }
}

impl MigrationName for MigrationFile {
    fn version(&self) -> MigrationVersion<'_> {
        MigrationVersion::from(MigrationFile::version(self))
    }
}

impl fmt::Display for MigrationFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Name(self).fmt(f)
    }
}

impl MigrationMetadata for MigrationFile {
    fn run_in_transaction(&self) -> bool {
        self.run_in_transaction
    }
}

impl<DB: Backend> Migration<DB> for MigrationFile {
    fn run(&self, conn: &mut dyn BoxableConnection<DB>) -> diesel::migration::Result<()> {
        conn.batch_execute(&self.up).map_err(Into::into)
    }

    fn revert(&self, conn: &mut dyn BoxableConnection<DB>) -> diesel::migration::Result<()> {
        match &self.down {
            Some(down) => conn.batch_execute(down).map_err(Into::into),
            None => Err(format!("migration {} has no down.sql", self.name).into()),
        }
    }

    fn metadata(&self) -> &dyn MigrationMetadata {
        self
    }

    fn name(&self) -> &dyn MigrationName {
        self
    }
}

impl<DB: Backend> MigrationSource<DB> for Migrations {
    fn migrations(&self) -> diesel::migration::Result<Vec<Box<dyn Migration<DB>>>> {
        Ok(self
            .files
            .iter()
            .map(|f| Box::new(f.clone()) as Box<dyn Migration<DB>>)
            .collect())
    }
}

impl<DB: Backend> MigrationSource<DB> for &Migrations {
    fn migrations(&self) -> diesel::migration::Result<Vec<Box<dyn Migration<DB>>>> {
        (*self).migrations()
    }
}

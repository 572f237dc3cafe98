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
#[cfg(feature = "tools")]
use std::path::Path;

use diesel::backend::Backend;
use diesel::connection::BoxableConnection;
use diesel::migration::{Migration, MigrationMetadata, MigrationName, MigrationSource, MigrationVersion};

/// Text that is embedded in the binary, or read at run time.
type Text = Cow<'static, str>;

/// One migration folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigrationFile {
    name: Text,
    up: Text,
    down: Option<Text>,
    run_in_transaction: bool,
    draft: bool,
    /// The checksum `embed_migrations!` computed at compile time, so that a start does not hash
    /// every migration again; `None`: computed when asked.
    checksum: Option<Text>,
}

impl MigrationFile {
    /// Used by `embed_migrations!`. `draft`: the build may still rewrite this migration (see
    /// [`MigrationFile::is_draft`]); `checksum`: what [`tablewright_runtime_core::checksum`] makes
    /// of `up` and `down`.
    pub const fn embedded(
        name: &'static str,
        up: &'static str,
        down: Option<&'static str>,
        run_in_transaction: bool,
        draft: bool,
        checksum: &'static str,
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
            draft,
            checksum: Some(Cow::Borrowed(checksum)),
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
            draft: false,
            checksum: None,
        }
    }

    /// Marks the migration as a draft the build may still rewrite.
    pub fn with_draft(mut self, draft: bool) -> MigrationFile {
        self.draft = draft;
        self
    }

    /// A draft: generated, `draft = true`, and not tracked by git, so the build may still rewrite
    /// it. The ledger records it, so a development database that applied it follows it when the
    /// build rewrites it (in a debug build; release builds carry no follow-ups).
    pub fn is_draft(&self) -> bool {
        self.draft
    }

    /// The folder name, e.g. `20251205103000_create_storage_locations`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The version diesel records: the part before the first `_`, without dashes.
    pub fn version(&self) -> String {
        self.name.split('_').next().unwrap_or_default().replace('-', "")
    }

    /// Whether [`version`](MigrationFile::version) is `version`, without building it: every
    /// start looks up each applied migration (200 of them, 40,000 comparisons).
    pub fn has_version(&self, version: &str) -> bool {
        let prefix = self.name.split('_').next().unwrap_or_default();
        prefix.chars().filter(|c| *c != '-').eq(version.chars())
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
        match &self.checksum {
            Some(checksum) => checksum.to_string(),
            None => tablewright_runtime_core::checksum(&self.up, self.down.as_deref()),
        }
    }
}

/// A migration's version and checksum, as the ledger records them.
pub type Stamp = (Text, Text);

/// What brings a development database that applied an earlier version of the draft migrations
/// to the current drafts, keeping its rows (written by the build, see the README's tutorial).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUp {
    from: Cow<'static, [Stamp]>,
    to: Cow<'static, [Stamp]>,
    summary: Cow<'static, [Text]>,
    migrations: Cow<'static, [FollowUpSql]>,
    rebuild: bool,
}

/// One migration of a [`FollowUp`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUpSql {
    up: Text,
    run_in_transaction: bool,
}

impl FollowUp {
    /// Used by `embed_migrations!`.
    pub const fn embedded(
        from: &'static [Stamp],
        to: &'static [Stamp],
        summary: &'static [Text],
        migrations: &'static [FollowUpSql],
        rebuild: bool,
    ) -> FollowUp {
        FollowUp {
            from: Cow::Borrowed(from),
            to: Cow::Borrowed(to),
            summary: Cow::Borrowed(summary),
            migrations: Cow::Borrowed(migrations),
            rebuild,
        }
    }

    /// The build could not plan the change (it said why at build time, and [`summary`] does):
    /// the applied drafts are reverted with the down SQL they were applied with, and the current
    /// ones applied.
    ///
    /// [`summary`]: FollowUp::summary
    pub fn is_rebuild(&self) -> bool {
        self.rebuild
    }

    /// The applied drafts it starts from.
    pub fn from(&self) -> impl Iterator<Item = (&str, &str)> {
        self.from.iter().map(|(v, c)| (v.as_ref(), c.as_ref()))
    }

    /// The drafts it leads to.
    pub fn to(&self) -> impl Iterator<Item = (&str, &str)> {
        self.to.iter().map(|(v, c)| (v.as_ref(), c.as_ref()))
    }

    /// What changes, a line per change.
    pub fn summary(&self) -> impl Iterator<Item = &str> {
        self.summary.iter().map(AsRef::as_ref)
    }

    pub fn migrations(&self) -> &[FollowUpSql] {
        &self.migrations
    }
}

impl FollowUpSql {
    /// Used by `embed_migrations!`.
    pub const fn embedded(up: &'static str, run_in_transaction: bool) -> FollowUpSql {
        FollowUpSql {
            up: Cow::Borrowed(up),
            run_in_transaction,
        }
    }

    pub fn up(&self) -> &str {
        &self.up
    }

    pub fn run_in_transaction(&self) -> bool {
        self.run_in_transaction
    }
}

/// The migrations of an application, in the order they apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Migrations {
    files: Cow<'static, [MigrationFile]>,
    follow_ups: Cow<'static, [FollowUp]>,
    development: bool,
}

impl Migrations {
    /// Used by `embed_migrations!`; `files` are sorted by name.
    pub const fn embedded(files: &'static [MigrationFile]) -> Migrations {
        Migrations {
            files: Cow::Borrowed(files),
            follow_ups: Cow::Borrowed(&[]),
            development: false,
        }
    }

    /// Used by `embed_migrations!` in debug builds: the drafts' follow-ups come along, and the
    /// migrator follows rewritten drafts.
    pub const fn embedded_for_development(
        files: &'static [MigrationFile],
        follow_ups: &'static [FollowUp],
    ) -> Migrations {
        Migrations {
            files: Cow::Borrowed(files),
            follow_ups: Cow::Borrowed(follow_ups),
            development: true,
        }
    }

    /// Reads a migrations folder at run time (the CLI, tests). Its drafts (untracked by git) are
    /// followed like a debug build's, which takes the schema compiler (to plan the follow-ups):
    /// feature `tools`. Applications embed their migrations instead.
    #[cfg(feature = "tools")]
    pub fn from_dir(dir: impl AsRef<Path>) -> std::io::Result<Migrations> {
        let dir = dir.as_ref();
        if !dir.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("no migrations folder at {}", dir.display()),
            ));
        }
        let set = tablewright_core::migrations::MigrationSet::read(dir)?;
        if let Some(report) = set.problems_report() {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, report));
        }
        let drafts = set.drafts();
        let mut files = Vec::new();
        for (index, folder) in set.folders.iter().enumerate() {
            let up = folder.read_file("up.sql").expect("checked by problems()");
            let run_in_transaction = folder.metadata.as_ref().is_none_or(|m| m.run_in_transaction);
            files.push(
                MigrationFile::new(
                    folder.name.clone(),
                    up,
                    folder.read_file("down.sql"),
                    run_in_transaction,
                )
                .with_draft(drafts.contains(&index)),
            );
        }
        let stamps = |stamps: tablewright_core::migrations::drafts::Stamps| -> Cow<'static, [Stamp]> {
            stamps
                .into_iter()
                .map(|(v, c)| (Cow::Owned(v), Cow::Owned(c)))
                .collect()
        };
        let follow_ups = tablewright_core::migrations::drafts::follow_ups(&set)?
            .into_iter()
            .map(|(from, follow_up)| FollowUp {
                from: stamps(from),
                to: stamps(follow_up.to),
                rebuild: follow_up.refused.is_some(),
                summary: follow_up
                    .refused
                    .into_iter()
                    .chain(follow_up.summary)
                    .map(Cow::Owned)
                    .collect(),
                migrations: follow_up
                    .migrations
                    .into_iter()
                    .map(|m| FollowUpSql {
                        up: Cow::Owned(m.up),
                        run_in_transaction: m.run_in_transaction,
                    })
                    .collect(),
            })
            .collect();
        Ok(Migrations {
            files: Cow::Owned(files),
            follow_ups: Cow::Owned(follow_ups),
            development: true,
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
        self.files.iter().find(|f| f.has_version(version))
    }

    /// Two migrations with one version (diesel records a migration by its version), as a
    /// message. `embed_migrations!` and [`Migrations::from_dir`] refuse such a folder already.
    pub fn duplicate_version(&self) -> Option<String> {
        let mut seen = std::collections::HashMap::new();
        for file in self.files.iter() {
            if let Some(other) = seen.insert(file.version(), file.name()) {
                return Some(format!(
                    "{} and {} have the same version; give one of them a new version",
                    other,
                    file.name()
                ));
            }
        }
        None
    }

    /// The follow-ups for development databases that applied an earlier version of the drafts.
    pub fn follow_ups(&self) -> &[FollowUp] {
        &self.follow_ups
    }

    /// Built for development (a debug build, or read from a folder): rewritten drafts are
    /// followed instead of refused.
    pub fn is_development(&self) -> bool {
        self.development
    }
}

/// A selection of migrations, e.g. those up to a version (`tablewright migrate up --to`).
impl FromIterator<MigrationFile> for Migrations {
    fn from_iter<I: IntoIterator<Item = MigrationFile>>(files: I) -> Migrations {
        let mut files: Vec<MigrationFile> = files.into_iter().collect();
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Migrations {
            files: Cow::Owned(files),
            follow_ups: Cow::Borrowed(&[]),
            development: false,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_is_matched_as_diesel_records_it() {
        let file = MigrationFile::new("2025-01-01-000001_create_lots", "", None, true);
        assert_eq!(file.version(), "20250101000001");
        assert!(file.has_version("20250101000001"));
        for other in ["2025010100000", "202501010000011", "2025-01-01-000001", ""] {
            assert!(!file.has_version(other), "{other}");
        }
        let migrations = Migrations::embedded(&[]);
        assert!(migrations.by_version("20250101000001").is_none());
    }
}

//! The migration sets a command acts on: the libraries' sets `tablewright.toml` lists under
//! `[[libraries]]` (each one's core, then the groups the application opts into), then the
//! application's own, in the order the application's `Migrator` runs them; or one of them, with
//! `--set NAME`.

use std::path::{Path, PathBuf};

use tablewright::{MigrationFile, Migrations, Migrator, NamedMigrations, APP_SET};
use tablewright_core::config::LibraryConfig;
use tablewright_core::diagnostic::closest;
use tablewright_core::library::{provided_by, CORE};
use tablewright_core::migrations::MigrationSet;
use tablewright_core::model::Table;
use tablewright_core::Dialect;

use crate::commands::read_migrations;
use crate::failure::Failure;
use crate::settings::Settings;

/// A library's set, read for one database.
#[derive(Clone)]
pub struct LibrarySet {
    pub migrations: NamedMigrations,
    /// The folder of its migrations for that database.
    pub dir: PathBuf,
}

impl LibrarySet {
    pub fn name(&self) -> &str {
        self.migrations.name()
    }
}

/// Every set of the project, read for one database, and the one `--set` chose.
#[derive(Clone)]
pub struct Sets {
    pub libraries: Vec<LibrarySet>,
    pub app: Migrations,
    /// The application's migrations folder.
    pub app_dir: PathBuf,
    /// `--set`: `None` for every set.
    pub only: Option<String>,
    /// The database the sets were read for.
    pub dialect: Dialect,
    /// The library sets the application's tables reference, from its generated migrations'
    /// schemas; `None` (every set, to be safe) when it has none.
    app_requires: Option<Vec<String>>,
}

impl Sets {
    /// The sets of `settings` for `dialect`, checked: each folder exists and has migrations for
    /// this database, and `only` names one of them.
    pub fn read(
        settings: &Settings,
        app_dir: PathBuf,
        dialect: Dialect,
        only: Option<String>,
    ) -> Result<Sets, Failure> {
        let libraries = read_libraries(settings, dialect)?;
        if let Some(only) = &only {
            check_name(settings, &libraries, only)?;
        }
        Ok(Sets {
            libraries,
            app: read_migrations(&app_dir)?,
            app_requires: referenced_sets(&app_dir),
            app_dir,
            only,
            dialect,
        })
    }

    /// Whether any library set is configured (without one, commands print as they always did).
    pub fn has_libraries(&self) -> bool {
        !self.libraries.is_empty()
    }

    /// Every set's name, in order: the libraries', then [`APP_SET`].
    pub fn names(&self) -> Vec<&str> {
        names(&self.libraries)
    }

    /// The sets the command shows, in order: `--set`'s, or all of them.
    pub fn chosen(&self) -> Vec<&str> {
        self.names()
            .into_iter()
            .filter(|name| self.only.as_deref().is_none_or(|only| only == *name))
            .collect()
    }

    /// The migrations and folder of a set.
    pub fn set(&self, name: &str) -> (&Migrations, &Path) {
        match self.libraries.iter().find(|l| l.name() == name) {
            Some(library) => {
                let migrations = (library.migrations.for_dialect(self.dialect)).expect("Sets::read checks the dialect");
                (migrations, &library.dir)
            }
            None => (&self.app, &self.app_dir),
        }
    }

    /// Keeps only the migrations of `set` that `keep` accepts.
    pub fn retain(&mut self, set: &str, keep: impl Fn(&MigrationFile) -> bool) {
        match self.libraries.iter_mut().find(|l| l.name() == set) {
            Some(library) => library.migrations.retain(keep),
            None => self.app = self.app.iter().filter(|f| keep(f)).cloned().collect(),
        }
    }

    /// The runtime's migrator for these sets, as the application builds it at startup, limited
    /// to `--set`'s.
    pub fn migrator(&self) -> Migrator<'_> {
        let mut migrator = Migrator::new(&self.app);
        for library in &self.libraries {
            migrator.with(&library.migrations);
        }
        if let Some(only) = &self.only {
            migrator.only(only);
        }
        if let Some(required) = &self.app_requires {
            migrator.app_requires(required.iter().map(String::as_str));
        }
        migrator
    }
}

/// Every library's sets, in order: each one's core, then the groups the application opts into.
pub fn read_libraries(settings: &Settings, dialect: Dialect) -> Result<Vec<LibrarySet>, Failure> {
    let mut sets = Vec::new();
    for library in settings.libraries() {
        let root = settings.library_root(library)?;
        sets.push(read_set(settings, library, &root, None, dialect)?);
        for group in &library.groups {
            sets.push(read_set(settings, library, &root, Some(group), dialect)?);
        }
    }
    Ok(sets)
}

/// The sets' names, in order: the libraries', then [`APP_SET`].
pub fn names(libraries: &[LibrarySet]) -> Vec<&str> {
    libraries.iter().map(LibrarySet::name).chain([APP_SET]).collect()
}

/// `--set`'s name must be one of the sets: an unknown one is shown with the closest known one,
/// a group the application did not opt into with how to.
pub fn check_name(settings: &Settings, libraries: &[LibrarySet], name: &str) -> Result<(), Failure> {
    let names = names(libraries);
    if names.contains(&name) {
        return Ok(());
    }
    let file = settings
        .file()
        .map(|f| f.display().to_string())
        .unwrap_or_else(|| "tablewright.toml".into());
    let listed = names.join(", ");
    // A group of a listed library: one the application does not opt into, or a misspelt one.
    let group_of = name
        .split_once('/')
        .and_then(|(library, group)| Some((settings.libraries().iter().find(|l| l.name == library)?, group)));
    if let Some((config, group)) = group_of {
        let groups = groups_in(&settings.library_root(config)?);
        if groups.iter().any(|g| g == group) {
            return Err(Failure::error(format!(
                "the migration set `{name}` is not one this application runs: {file} does not opt into the group `{group}` of `{}`\n  = help: to run it, add `groups = [\"{group}\"]` to the [[libraries]] entry of `{}` (line {}), as the application's `.with(...)` of that group does; the sets are: {listed}",
                config.name, config.name, config.line
            )));
        }
        let hint = closest(group, groups.iter().map(String::as_str))
            .map(|close| format!("did you mean `{}/{close}`? ", config.name))
            .unwrap_or_default();
        let groups = if groups.is_empty() {
            "none".to_string()
        } else {
            groups.join(", ")
        };
        return Err(Failure::error(format!(
            "the library `{}` has no group `{group}`\n  = help: {hint}its groups are: {groups}; the sets this application runs are: {listed}",
            config.name
        )));
    }
    if let Some(close) = closest(name, names.iter().copied()) {
        return Err(Failure::error(format!(
            "there is no migration set `{name}`\n  = help: did you mean `{close}`? the sets are: {listed}"
        )));
    }
    let only_app = if libraries.is_empty() {
        format!("; {file} lists no [[libraries]], so `{APP_SET}` (this crate's own migrations) is the only set")
    } else {
        String::new()
    };
    Err(Failure::error(format!(
        "there is no migration set `{name}`{only_app}\n  = help: the sets are: {listed}"
    )))
}

/// The tables a library's set creates, from the schema its newest generated migration records.
pub fn own_tables(library: &LibrarySet) -> Result<Vec<Table>, Failure> {
    let dir = &library.dir;
    let set = MigrationSet::read(dir).map_err(|e| Failure::error(format!("{}: {e}", dir.display())))?;
    let snapshot = set
        .latest_generated()
        .and_then(|(_, folder)| folder.snapshot().cloned());
    match snapshot {
        Some(Ok(snapshot)) => Ok(snapshot.schema.tables.into_iter().filter(|t| !t.is_external()).collect()),
        Some(Err(e)) => Err(Failure::error(format!(
            "the schema snapshot of the set `{}` in {} does not read: {e}",
            library.name(),
            dir.display()
        ))),
        None => Err(Failure::error(format!(
            "the set `{}` has no generated migration in {}, so there is no schema of its tables to compare with\n  = help: a library's build script (`tablewright_build::Library`) writes them with their schema",
            library.name(),
            dir.display()
        ))),
    }
}

/// A library's core set (`group` `None`) or one of its groups, from `root/<core or group>/`.
fn read_set(
    settings: &Settings,
    library: &LibraryConfig,
    root: &Path,
    group: Option<&str>,
    dialect: Dialect,
) -> Result<LibrarySet, Failure> {
    let file = settings.file().map(|f| f.display().to_string()).unwrap_or_default();
    let place = format!("{file}:{}", library.line);
    if !root.is_dir() {
        return Err(Failure::error(format!(
            "the migrations of the library `{}` are not at {} ({place})\n  = help: `migrations` names the library's migrations folder, the one its build script's `tablewright_build::Library` writes (`migrations` at the library's crate root unless it says otherwise), relative to {file}",
            library.name,
            root.display()
        )));
    }
    let folder = root.join(group.unwrap_or(CORE));
    let name = match group {
        None => library.name.clone(),
        Some(group) => format!("{}/{group}", library.name),
    };
    if !folder.is_dir() {
        let groups = groups_in(root);
        let hint = group
            .and_then(|g| closest(g, groups.iter().map(String::as_str)))
            .map(|close| format!("did you mean `{close}`? "))
            .unwrap_or_default();
        let found = if groups.is_empty() {
            "it has no optional groups".to_string()
        } else {
            format!("its groups are: {}", groups.join(", "))
        };
        return Err(Failure::error(format!(
            "the migration set `{name}` has no folder {} ({place})\n  = help: {hint}{found}",
            folder.display()
        )));
    }
    let requires: Vec<&str> = match group {
        None => library.requires.iter().map(String::as_str).collect(),
        Some(_) => vec![library.name.as_str()],
    };
    let migrations = NamedMigrations::from_dir(&name, &requires, &folder).map_err(|e| {
        Failure::error(format!(
            "cannot read the migration set `{name}` in {}: {e}",
            folder.display()
        ))
    })?;
    let dir = folder.join(dialect.to_string());
    if migrations.for_dialect(dialect).is_none() {
        return Err(Failure::error(format!(
            "the migration set `{name}` has no migrations for {dialect}: there is no {}\n  = help: the library supports the databases its build script lists in `.dialects([...])`",
            dir.display()
        )));
    }
    Ok(LibrarySet { migrations, dir })
}

/// The library sets whose tables the foreign keys of `dir`'s generated migrations reference (as
/// their schemas record them); `None` when no migration records a schema.
fn referenced_sets(dir: &Path) -> Option<Vec<String>> {
    let set = MigrationSet::read(dir).ok()?;
    let mut schemas = (set.folders.iter())
        .filter_map(|f| f.snapshot()?.as_ref().ok())
        .peekable();
    schemas.peek()?;
    let mut sets: Vec<String> = Vec::new();
    for schema in schemas.map(|snapshot| &snapshot.schema) {
        let own = schema.tables.iter().filter(|t| !t.is_external());
        for target in own.flat_map(|t| &t.foreign_keys).map(|fk| &fk.references.table) {
            if let Some(set) = schema.table(target).and_then(provided_by) {
                sets.push(set.to_string());
            }
        }
    }
    sets.sort();
    sets.dedup();
    Some(sets)
}

/// The optional groups a library's migrations folder has: every folder but `core`.
fn groups_in(root: &Path) -> Vec<String> {
    let mut groups: Vec<String> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != CORE)
        .collect();
    groups.sort();
    groups
}

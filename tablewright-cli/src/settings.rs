//! The settings the command line shares with `build.rs`: `tablewright.toml` or
//! `[package.metadata.tablewright]` of the crate the current folder is in (or the file given
//! with `--config`), read by the same code as `tablewright_build::Builder`. Flags take precedence,
//! key by key; without either, the defaults the help states.

use std::path::{Component, Path, PathBuf};

use tablewright_core::config::{Config, LibraryConfig, FILE_NAME};
use tablewright_core::{Diagnostics, Dialect};

use crate::args::SchemaArgs;
use crate::failure::Failure;

/// The folder a command reads its schema from when nothing says otherwise.
pub const DEFAULT_SCHEMAS: &str = "schemas";
/// The migrations folder when nothing says otherwise.
pub const DEFAULT_MIGRATIONS: &str = "migrations";

pub struct Settings {
    config: Option<Config>,
    /// The config file's folder as a path from the current folder (`""` when it is the current
    /// folder), so paths print as the user would type them.
    root: PathBuf,
}

impl Settings {
    /// Reads `--config FILE`, or the settings of the crate the current folder is in. Warnings
    /// go to stderr; a mistake in the file fails with its file:line.
    pub fn load(explicit: Option<&Path>) -> Result<Settings, Failure> {
        let cwd =
            std::env::current_dir().map_err(|e| Failure::error(format!("cannot read the current folder: {e}")))?;
        let config = match explicit {
            Some(file) => Some(Config::read_file(&cwd.join(file)).map_err(invalid)?),
            None => Config::find(&cwd).map_err(invalid)?,
        };
        for warning in config.iter().flat_map(|c| &c.warnings) {
            eprintln!("warning: {warning}\n");
        }
        let root = config.as_ref().map(|c| relative_to(&cwd, c.root())).unwrap_or_default();
        Ok(Settings { config, root })
    }

    /// Settings that read no file (commands that take everything from flags).
    #[cfg(test)]
    pub fn none() -> Settings {
        Settings {
            config: None,
            root: PathBuf::new(),
        }
    }

    fn at_root(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.root.join(path)
        }
    }

    /// The schema folders: `--schemas`/`--scan` when either is given, else the file's, else
    /// `schemas`.
    pub fn schema(&self, flags: SchemaArgs) -> Result<(Vec<PathBuf>, Vec<PathBuf>), Failure> {
        if !flags.schemas.is_empty() || !flags.scan.is_empty() {
            return Ok((flags.schemas, flags.scan));
        }
        if let Some(config) = self
            .config
            .as_ref()
            .filter(|c| !c.schemas.is_empty() || !c.scan.is_empty())
        {
            let at_root = |list: &[PathBuf]| list.iter().map(|p| self.at_root(p)).collect();
            return Ok((at_root(&config.schemas), at_root(&config.scan)));
        }
        if !Path::new(DEFAULT_SCHEMAS).is_dir() {
            let place = match &self.config {
                Some(config) => format!("{} names no `schemas` or `scan` folder", config.file.display()),
                None => format!("there is no `{DEFAULT_SCHEMAS}` folder here and no {FILE_NAME}"),
            };
            return Err(Failure::error(format!(
                "no schema to read: {place}\n  = help: pass --schemas DIR (YAML files) or --scan DIR (Rust sources with #[derive(Table)]), or put the settings build.rs uses in {FILE_NAME} at the crate root, e.g.\n\n    scan = [\"src/models\"]\n    dialect = \"sqlite\""
            )));
        }
        Ok((vec![PathBuf::from(DEFAULT_SCHEMAS)], Vec::new()))
    }

    /// `--migrations`, else the file's, else `migrations`.
    pub fn migrations(&self, flag: Option<PathBuf>) -> PathBuf {
        flag.or_else(|| self.config.as_ref()?.migrations.as_deref().map(|p| self.at_root(p)))
            .unwrap_or_else(|| self.at_root(Path::new(DEFAULT_MIGRATIONS)))
    }

    /// The seeds folder: the flag, else the file's `seeds`, else `seeds` at the crate root.
    pub fn seeds(&self, flag: Option<PathBuf>) -> PathBuf {
        flag.or_else(|| self.config.as_ref()?.seeds.as_deref().map(|p| self.at_root(p)))
            .unwrap_or_else(|| self.at_root(Path::new("seeds")))
    }

    /// The linter's options from the `[lint]` table: rule levels (`off` turns a rule off) and
    /// `start_after`. A rule name the linter does not know is an error that lists them.
    pub fn lint_options(&self) -> Result<tablewright_lint::Options, Failure> {
        match &self.config {
            Some(config) => tablewright_lint::Options::from_config(config).map_err(Failure::error),
            None => Ok(tablewright_lint::Options::default()),
        }
    }

    /// The `[[libraries]]` whose migration sets the application runs, in order.
    pub fn libraries(&self) -> &[LibraryConfig] {
        self.config.as_ref().map_or(&[], |c| &c.libraries)
    }

    /// A library's migrations folder, from the current folder: the entry's `migrations`, else
    /// `migrations` in the folder of the dependency of that name, which `cargo metadata` finds.
    pub fn library_root(&self, library: &LibraryConfig) -> Result<PathBuf, Failure> {
        if let Some(dir) = &library.migrations {
            return Ok(self.at_root(dir));
        }
        let file = self.file().map(|f| f.display().to_string()).unwrap_or_default();
        crate::discover::package_dir(&self.at_root(Path::new("")), &library.name)
            .map(|dir| dir.join(DEFAULT_MIGRATIONS))
            .map_err(|e| {
                Failure::error(format!(
                    "where are the migrations of the library `{}`? {file}:{} names no `migrations` folder, and {e}\n  = help: add `migrations = \"../{}/migrations\"` (the folder its build script writes) to its [[libraries]] entry",
                    library.name, library.line, library.name
                ))
            })
    }

    /// The file's dialect, if it names one.
    pub fn dialect(&self) -> Option<Dialect> {
        self.config.as_ref()?.dialect
    }

    /// Where the dialect came from, for messages.
    pub fn file(&self) -> Option<&Path> {
        self.config.as_ref().map(|c| c.file.as_path())
    }
}

fn invalid(diagnostics: Diagnostics) -> Failure {
    Failure::error(
        diagnostics
            .0
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n\n"),
    )
}

/// `target` as seen from `from` (both absolute): `""`, `..`, `../..`, or `target` itself when it
/// is not an ancestor.
fn relative_to(from: &Path, target: &Path) -> PathBuf {
    match from.strip_prefix(target) {
        Ok(rest) => rest
            .components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .map(|_| Component::ParentDir)
            .collect(),
        Err(_) => target.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_written_from_the_current_folder() {
        assert_eq!(relative_to(Path::new("/app"), Path::new("/app")), PathBuf::new());
        assert_eq!(
            relative_to(Path::new("/app/src/models"), Path::new("/app")),
            PathBuf::from("../..")
        );
        assert_eq!(
            relative_to(Path::new("/elsewhere"), Path::new("/app")),
            PathBuf::from("/app")
        );
    }

    #[test]
    fn flags_win_and_defaults_are_the_helps() {
        let settings = Settings::none();
        assert_eq!(settings.migrations(None), PathBuf::from("migrations"));
        assert_eq!(settings.migrations(Some("db".into())), PathBuf::from("db"));
        let settings = Settings {
            config: Some(Config {
                file: "/app/tablewright.toml".into(),
                scan: vec!["src/models".into()],
                migrations: Some("db/migrations".into()),
                dialect: Some(Dialect::Sqlite),
                ..Config::default()
            }),
            root: PathBuf::from(".."),
        };
        assert_eq!(settings.migrations(None), PathBuf::from("../db/migrations"));
        let flags = |schemas: &[&str], scan: &[&str]| SchemaArgs {
            schemas: schemas.iter().map(PathBuf::from).collect(),
            scan: scan.iter().map(PathBuf::from).collect(),
        };
        assert_eq!(
            settings.schema(flags(&[], &[])).ok().unwrap(),
            (vec![], vec![PathBuf::from("../src/models")])
        );
        assert_eq!(
            settings.schema(flags(&["yaml"], &[])).ok().unwrap(),
            (vec![PathBuf::from("yaml")], vec![])
        );
    }
}

//! A project: where its schema is written and where its migrations go. Loading reads and checks
//! the whole schema; syncing brings the migration folders up to date with it (or, in check mode,
//! only says whether they are). The build script and the CLI both call this.

use std::borrow::Cow;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::check;
use crate::diagnostic::{collapse, Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::migrations::drafts::{self, HistoryUpdate, Stamps};
use crate::migrations::{self, write_if_changed, Metadata, MigrationFolder, MigrationSet, Snapshot, SNAPSHOT_FILE};
use crate::model::{Origin, Schema, Table};
use crate::plan;
use crate::render;
use crate::source;

/// Where a project's schema and migrations live.
#[derive(Clone, Debug)]
pub struct Project {
    /// Folders of YAML files (searched recursively).
    pub schema_dirs: Vec<PathBuf>,
    /// Folders of Rust sources with `#[derive(Table)]` structs (searched recursively).
    pub source_dirs: Vec<PathBuf>,
    pub migrations_dir: PathBuf,
    pub dialect: Dialect,
}

/// A loaded and checked schema.
#[derive(Debug)]
pub struct Loaded {
    pub schema: Schema,
    /// Warnings (errors make loading fail).
    pub warnings: Diagnostics,
    /// Every file read, for `cargo:rerun-if-changed`.
    pub files: Vec<PathBuf>,
    /// Names of the tables read from YAML (the others come from `#[derive(Table)]`, which emits
    /// their `table!` itself).
    pub yaml_tables: Vec<String>,
}

/// What syncing did, or in check mode would do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    UpToDate,
    /// A new migration folder.
    Created {
        folder: PathBuf,
        summary: Vec<String>,
    },
    /// The draft migration, rewritten for the changed schema.
    Updated {
        folder: PathBuf,
        summary: Vec<String>,
        /// What this edit changed, against the draft it replaces (empty when that cannot be
        /// worked out, e.g. the old draft's snapshot is missing).
        edit: Vec<String>,
    },
    /// The draft migration, removed because the schema is back to the previous migration's.
    Removed {
        folder: PathBuf,
    },
}

/// What syncing would do, with the SQL it would write (`None` when no migration would be
/// written: up to date, or the draft removed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub outcome: Outcome,
    /// The first migration's SQL (most plans have one).
    pub up: Option<String>,
    pub down: Option<String>,
    /// Every migration the plan writes, in order.
    pub migrations: Vec<PreviewMigration>,
}

/// One migration folder `generate` would write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewMigration {
    pub folder: PathBuf,
    pub up: String,
    pub down: String,
    pub metadata: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Schema(Diagnostics),
    #[error("migrations in {dir} are out of date with the schema: {change}\n  = help: run `cargo build` (or `tablewright generate`) locally and commit the result; in CI (or with TABLEWRIGHT_CHECK=1) nothing is written")]
    Stale { dir: PathBuf, change: String },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{0}")]
    Migrations(String),
}

impl Outcome {
    pub fn describe(&self) -> String {
        let list = |s: &[String]| s.join(", ");
        match self {
            Outcome::UpToDate => "up to date".into(),
            Outcome::Created { folder, summary } => format!("would create {} ({})", folder.display(), list(summary)),
            Outcome::Updated { folder, summary, .. } => {
                format!("would rewrite draft {} ({})", folder.display(), list(summary))
            }
            Outcome::Removed { folder } => format!(
                "would remove draft {} (the schema is back to the previous migration's)",
                folder.display()
            ),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Write,
    /// Write nothing; fail if anything would be written.
    Check,
}

/// Every file and folder under the migrations folder (the lock file aside), with its size and
/// modification time: equal states mean nothing was written in between.
fn folder_state(dir: &Path) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut state = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_name() == ".tablewright.lock" {
                continue;
            }
            let Ok(metadata) = entry.metadata() else { continue };
            if metadata.is_dir() {
                pending.push(path.clone());
            }
            state.push((path, metadata.len(), metadata.modified().ok()));
        }
    }
    state.sort();
    state
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> SyncError + '_ {
    move |source| SyncError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Project {
    /// Reads every schema file and source, normalizes, and runs every check.
    pub fn load(&self) -> Result<Loaded, Diagnostics> {
        self.load_with(&[])
    }

    /// [`load`](Project::load), with tables that other migration sets create (a library's, see
    /// [`crate::library`]) taken as external tables: this schema may reference them, and its
    /// migrations never create them.
    pub fn load_with(&self, provided: &[Table]) -> Result<Loaded, Diagnostics> {
        let mut problems = Vec::new();
        let mut tables: Vec<Table> = provided.to_vec();
        let mut files = Vec::new();
        let mut yaml_tables = Vec::new();
        // Extensions, enum types, domains, composite types and functions, from the YAML files.
        let mut objects = Schema::default();
        let yaml_files: Vec<PathBuf> = self
            .schema_dirs
            .iter()
            .flat_map(|dir| files_in(dir, &["yaml", "yml"], &mut problems))
            .collect();
        for (path, read) in yaml_files.iter().zip(read_yaml_files(&yaml_files)) {
            match read {
                Ok((found, mut diagnostics)) => {
                    yaml_tables.extend(found.tables.iter().map(|t| t.name.clone()));
                    tables.extend(found.tables);
                    objects.extensions.extend(found.extensions);
                    objects.enums.extend(found.enums);
                    objects.domains.extend(found.domains);
                    objects.functions.extend(found.functions);
                    objects.composites.extend(found.composites);
                    objects.views.extend(found.views);
                    problems.append(&mut diagnostics);
                }
                Err(e) => problems.push(unreadable(path, e)),
            }
        }
        files.extend(yaml_files);
        for dir in &self.source_dirs {
            for path in files_in(dir, &["rs"], &mut problems) {
                match crate::text_file::read(&path) {
                    Ok(text) => {
                        let (found, mut diagnostics) = source::rust::scan_file(&text, Arc::new(path.clone()));
                        tables.extend(found);
                        problems.append(&mut diagnostics);
                        let (views, mut diagnostics) = source::rust::view::scan_views(&text, Arc::new(path.clone()));
                        objects.views.extend(views);
                        problems.append(&mut diagnostics);
                    }
                    Err(e) => problems.push(unreadable(&path, e)),
                }
                files.push(path);
            }
        }
        let mut schema = Schema { tables, ..objects };
        schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
        schema.functions.sort_by_key(|f| f.signature());
        schema.views.sort_by(|a, b| a.name.cmp(&b.name));
        schema.sort_type_objects();
        schema.mark_unknown_types();
        schema.resolve_references();
        // What could not be read comes first: the rules' findings may follow from it. A file not
        // read in full may hold the tables that keys elsewhere reference.
        let file_unread = problems.iter().any(|p| {
            matches!(
                p.code,
                "yaml-syntax" | "rust-syntax" | "unreadable-file" | crate::missing_feature::CODE
            )
        });
        let rules = check::check_schema(&schema, self.dialect)
            .into_iter()
            .filter(|d| !(file_unread && d.code == "fk-unknown-table"));
        let mut diagnostics = Diagnostics(collapse(Diagnostics(problems).sorted().0));
        diagnostics.extend(collapse(Diagnostics(rules.collect()).sorted().0));
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(Loaded {
            schema,
            warnings: diagnostics,
            files,
            yaml_tables,
        })
    }

    /// Brings the migrations up to date with `schema` (see the module docs for the draft rule).
    pub fn sync(&self, schema: &Schema, mode: Mode, now: SystemTime) -> Result<Outcome, SyncError> {
        self.sync_with_notes(schema, mode, now).map(|(outcome, _)| outcome)
    }

    /// [`sync`](Project::sync), and warnings about development databases that applied an
    /// earlier draft and cannot follow the rewritten one (they will be rebuilt).
    pub fn sync_with_notes(
        &self,
        schema: &Schema,
        mode: Mode,
        now: SystemTime,
    ) -> Result<(Outcome, Vec<String>), SyncError> {
        let before = folder_state(&self.migrations_dir);
        let decided = self.decide(schema, now)?;
        if decided.outcome == Outcome::UpToDate {
            return Ok((Outcome::UpToDate, Vec::new()));
        }
        if mode == Mode::Check {
            return Err(SyncError::Stale {
                dir: self.migrations_dir.clone(),
                change: decided.outcome.describe(),
            });
        }
        // Another build script (rust-analyzer's, a second cargo) may be doing the same: decide
        // again under the lock, from what is on disk now.
        std::fs::create_dir_all(&self.migrations_dir).map_err(io_error(&self.migrations_dir))?;
        let lock_path = self.migrations_dir.join(".tablewright.lock");
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_error(&lock_path))?;
        lock.lock().map_err(io_error(&lock_path))?;
        // Planning and rendering again costs as much as the first time (a 1,000-table schema):
        // only when the folder changed since.
        let decided = if folder_state(&self.migrations_dir) == before {
            decided
        } else {
            self.decide(schema, now)?
        };
        let result = self.apply(&decided);
        drop(lock);
        result.map(|()| (decided.outcome, decided.history.refused))
    }

    /// What [`sync`](Project::sync) would write, without writing anything (the CLI's `plan`).
    pub fn preview(&self, schema: &Schema, now: SystemTime) -> Result<Preview, SyncError> {
        let decided = self.decide(schema, now)?;
        let migrations: Vec<PreviewMigration> = decided
            .write
            .iter()
            .map(|(folder, files)| {
                let file = |name: &str| {
                    files
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, text)| text.clone())
                        .unwrap_or_default()
                };
                PreviewMigration {
                    folder: folder.clone(),
                    up: file("up.sql"),
                    down: file("down.sql"),
                    metadata: file("metadata.toml"),
                }
            })
            .collect();
        Ok(Preview {
            up: migrations.first().map(|m| m.up.clone()),
            down: migrations.first().map(|m| m.down.clone()),
            migrations,
            outcome: decided.outcome,
        })
    }

    fn decide(&self, schema: &Schema, now: SystemTime) -> Result<Decision, SyncError> {
        let set = MigrationSet::read(&self.migrations_dir).map_err(io_error(&self.migrations_dir))?;
        let (base, draft_folders) = self.base_and_drafts(&set)?;
        // The drafts' own snapshots are read only when the drafts are replaced: drafts whose
        // files equal what this schema renders (a `check` that passes) are up to date without
        // them, their snapshot being one of those files. Their checks still come before the
        // plan's refusals, as when they were read first.
        let check_drafts = || -> Result<(), SyncError> {
            draft_folders
                .iter()
                .try_for_each(|folder| self.snapshot_of(folder).map(drop))
        };
        let plan = match plan::plan(&base, schema, self.dialect) {
            Ok(plan) => plan,
            Err(refused) => {
                check_drafts()?;
                return Err(SyncError::Schema(Diagnostics(refused).sorted()));
            }
        };
        // What the drafts were, for databases that applied them (see `migrations::drafts`).
        let replaced = || -> Result<Option<(Stamps, Cow<'_, Schema>)>, SyncError> {
            check_drafts()?;
            let Some(first) = draft_folders.first() else {
                return Ok(None);
            };
            let stamps = drafts::current_stamps(&set).map_err(io_error(&first.path))?;
            Ok(Some((stamps, self.base_and_drafts_schema(first)?)))
        };
        let drafts: Vec<PathBuf> = draft_folders.iter().map(|d| d.path.clone()).collect();
        if plan.is_empty() {
            let Some(first) = drafts.first().cloned() else {
                return Ok(Decision::up_to_date());
            };
            let replaced = replaced()?;
            return Ok(Decision {
                outcome: Outcome::Removed { folder: first },
                write: Vec::new(),
                remove: drafts,
                history: drafts::update(
                    &set,
                    replaced.as_ref().map(|(s, schema)| (s.clone(), schema.as_ref())),
                    Stamps::new,
                    schema,
                    self.dialect,
                ),
            });
        }
        // The draft group keeps its first version; later migrations of the plan follow it.
        let first_version = match set.folders.iter().find(|f| drafts.first() == Some(&f.path)) {
            Some(draft) => draft.version.clone(),
            None => migrations::next_version(now, &set.versions()),
        };
        let slug = plan.slug();
        // Every migration of the plan carries the same end state: serialized once, beside the
        // rendering (on a second core for a large schema: each is a tenth of `check`).
        let (rendered, snapshot) = if schema.tables.len() < crate::parallel::PARALLEL_FROM {
            (
                render::render(&plan, self.dialect),
                Snapshot::json_of(self.dialect, schema),
            )
        } else {
            std::thread::scope(|scope| {
                let snapshot = scope.spawn(|| Snapshot::json_of(self.dialect, schema));
                let rendered = render::render(&plan, self.dialect);
                match snapshot.join() {
                    Ok(snapshot) => (rendered, snapshot),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            })
        };
        let mut write = Vec::new();
        let mut version = first_version;
        for (i, sql) in rendered.into_iter().enumerate() {
            if i > 0 {
                version = following(&version);
            }
            let name = match &sql.suffix {
                Some(suffix) if i > 0 => format!("{version}_{slug}_{suffix}"),
                _ => format!("{version}_{slug}"),
            };
            let files = vec![
                ("up.sql", sql.up),
                ("down.sql", sql.down),
                (
                    "metadata.toml",
                    Metadata::generated(sql.run_in_transaction, true).to_toml(),
                ),
                (SNAPSHOT_FILE, snapshot.clone()),
            ];
            write.push((self.migrations_dir.join(name), files));
        }
        let summary = plan.headline();
        let first = write[0].0.clone();
        let same = write.len() == drafts.len()
            && write.iter().zip(&drafts).all(|((folder, files), draft)| {
                folder == draft
                    && files.iter().all(|(name, text)| {
                        std::fs::read_to_string(folder.join(name)).ok().as_deref() == Some(text.as_str())
                    })
            });
        if same {
            return Ok(Decision::up_to_date());
        }
        let replaced = replaced()?;
        let outcome = if drafts.is_empty() {
            Outcome::Created { folder: first, summary }
        } else {
            // This edit alone: the drafts' own end state against the new schema.
            let edit = (replaced.as_ref())
                .and_then(|(_, drafted)| plan::plan(drafted, schema, self.dialect).ok())
                .map(|edit| edit.headline())
                .unwrap_or_default();
            Outcome::Updated {
                folder: first,
                summary,
                edit,
            }
        };
        let remove = drafts
            .into_iter()
            .filter(|d| !write.iter().any(|(folder, _)| folder == d))
            .collect();
        let target = || -> Stamps {
            write
                .iter()
                .map(|(folder, files)| {
                    let file = |name: &str| files.iter().find(|(n, _)| *n == name).map(|(_, text)| text.as_str());
                    let version = folder_version(folder);
                    (
                        version,
                        migrations::checksum(file("up.sql").unwrap_or_default(), file("down.sql")),
                    )
                })
                .collect()
        };
        let history = drafts::update(
            &set,
            replaced.as_ref().map(|(s, schema)| (s.clone(), schema.as_ref())),
            target,
            schema,
            self.dialect,
        );
        Ok(Decision {
            outcome,
            write,
            remove,
            history,
        })
    }

    /// The schema the next migration starts from, and the draft migrations it may rewrite: the
    /// newest generated folders, as long as they are drafts, untracked by git, and nothing
    /// hand-written follows them.
    /// The schema before the drafts (borrowed from its snapshot: a 1,000-table schema is not
    /// copied), and the drafts.
    fn base_and_drafts<'s>(
        &self,
        set: &'s MigrationSet,
    ) -> Result<(Cow<'s, Schema>, Vec<&'s MigrationFolder>), SyncError> {
        let range = set.drafts();
        let before = range.start;
        let drafts: Vec<&MigrationFolder> = set.folders[range].iter().collect();
        let base = match set.folders[..before].iter().rev().find(|f| f.is_generated()) {
            Some(previous) => Cow::Borrowed(self.snapshot_of(previous)?),
            None => Cow::Owned(Schema::default()),
        };
        Ok((base, drafts))
    }

    /// The schema a generated folder recorded, which must be of this project's database (also
    /// a draft's: one migrations folder serves one database).
    fn snapshot_of<'s>(&self, folder: &'s MigrationFolder) -> Result<&'s Schema, SyncError> {
        let snapshot = folder
            .snapshot()
            .expect("generated folders have snapshots")
            .as_ref()
            .map_err(|e| SyncError::Migrations(e.clone()))?;
        if snapshot.dialect != self.dialect {
            return Err(SyncError::Migrations(format!(
                "{} was generated for {}, but this project targets {}; use one migrations folder per database",
                folder.path.display(),
                snapshot.dialect,
                self.dialect
            )));
        }
        Ok(&snapshot.schema)
    }

    /// The schema a draft folder recorded.
    fn base_and_drafts_schema<'s>(&self, folder: &'s MigrationFolder) -> Result<Cow<'s, Schema>, SyncError> {
        match folder.snapshot() {
            Some(Ok(snapshot)) => Ok(Cow::Borrowed(&snapshot.schema)),
            Some(Err(e)) => Err(SyncError::Migrations(e.clone())),
            None => Ok(Cow::Owned(Schema::default())),
        }
    }

    fn apply(&self, decision: &Decision) -> Result<(), SyncError> {
        for path in &decision.history.remove {
            std::fs::remove_file(path).map_err(io_error(path))?;
        }
        for (path, text) in &decision.history.write {
            write_if_changed(path, text).map_err(io_error(path))?;
        }
        for folder in &decision.remove {
            std::fs::remove_dir_all(folder).map_err(io_error(folder))?;
        }
        for (folder, files) in &decision.write {
            for (name, text) in files {
                let path = folder.join(name);
                write_if_changed(&path, text).map_err(io_error(&path))?;
            }
        }
        Ok(())
    }
}

/// The version after `version`: one more, as a 14-digit number where it is one.
fn following(version: &str) -> String {
    match version.parse::<u64>() {
        Ok(n) if version.len() == 14 => format!("{:014}", n + 1),
        _ => format!("{version}1"),
    }
}

struct Decision {
    outcome: Outcome,
    /// Migration folders to write, with their files.
    write: Vec<(PathBuf, Vec<(&'static str, String)>)>,
    /// Draft folders to remove (replaced, or no longer needed).
    remove: Vec<PathBuf>,
    /// The draft history, for development databases that applied an earlier draft.
    history: HistoryUpdate,
}

impl Decision {
    fn up_to_date() -> Decision {
        Decision {
            outcome: Outcome::UpToDate,
            write: Vec::new(),
            remove: Vec::new(),
            history: HistoryUpdate::default(),
        }
    }
}

/// The version part of a migration folder's name.
fn folder_version(folder: &Path) -> String {
    let name = folder.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    name.split('_').next().unwrap_or_default().replace('-', "")
}

fn unreadable(path: &Path, problem: crate::text_file::Unreadable) -> Diagnostic {
    Diagnostic::error(
        "unreadable-file",
        &Origin::at(Some(Arc::new(path.to_path_buf())), problem.line, problem.column),
        format!("cannot read the file: {}", problem.message),
    )
}

/// Files under `dir` with one of `extensions`, sorted, recursively. A missing folder is an error.
/// What one YAML file declares, with its problems; or why it could not be read.
type YamlRead = Result<(Schema, Vec<Diagnostic>), crate::text_file::Unreadable>;

/// Reads and parses `paths`, in their order. A project of many files (a thousand tables) is read
/// on every core: files parse independently, and parsing is most of loading's time.
#[cfg(feature = "yaml")]
fn read_yaml_files(paths: &[PathBuf]) -> Vec<YamlRead> {
    crate::parallel::map(paths, |path| {
        let text = crate::text_file::read(path)?;
        Ok(source::yaml::parse_schema_str(&text, Some(Arc::new(path.clone()))))
    })
}

/// Without the YAML reader the files are an error (one, at the first), not skipped.
#[cfg(not(feature = "yaml"))]
fn read_yaml_files(paths: &[PathBuf]) -> Vec<YamlRead> {
    let mut error = crate::missing_feature::missing_feature(crate::missing_feature::Input::YamlSchema, paths);
    paths
        .iter()
        .map(|_| Ok((Schema::default(), error.take().into_iter().collect())))
        .collect()
}

fn files_in(dir: &Path, extensions: &[&str], problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = match std::fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(e) => {
                problems.push(
                    Diagnostic::error("missing-folder", &Origin::default(), format!("cannot read folder {}: {e}", current.display()))
                        .help("check the path given to the builder or the command line (relative paths start at the crate root)"),
                );
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if hidden {
                continue;
            }
            // The entry's type comes with the listing on most file systems (no `stat` per file);
            // a link is followed, as `Path::is_dir` does.
            let is_dir = match entry.file_type() {
                Ok(kind) if !kind.is_symlink() => kind.is_dir(),
                _ => path.is_dir(),
            };
            if is_dir {
                pending.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

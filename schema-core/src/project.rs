//! A project: where its schema is written and where its migrations go. Loading reads and checks
//! the whole schema; syncing brings the migration folders up to date with it (or, in check mode,
//! only says whether they are). The build script and the CLI both call this.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::check;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::migrations::{self, write_if_changed, Metadata, MigrationFolder, MigrationSet, Snapshot, SNAPSHOT_FILE};
use crate::model::{Origin, Schema};
use crate::plan::{self, Plan};
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
    pub up: Option<String>,
    pub down: Option<String>,
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
            Outcome::Updated { folder, summary } => {
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

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> SyncError + '_ {
    move |source| SyncError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Project {
    /// Reads every schema file and source, normalizes, and runs every check.
    pub fn load(&self) -> Result<Loaded, Diagnostics> {
        let mut problems = Vec::new();
        let mut tables = Vec::new();
        let mut files = Vec::new();
        let mut yaml_tables = Vec::new();
        for dir in &self.schema_dirs {
            for path in files_in(dir, &["yaml", "yml"], &mut problems) {
                match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        let (found, mut diagnostics) = source::yaml::parse_str(&text, Some(Arc::new(path.clone())));
                        yaml_tables.extend(found.iter().map(|t| t.name.clone()));
                        tables.extend(found);
                        problems.append(&mut diagnostics);
                    }
                    Err(e) => problems.push(unreadable(&path, e)),
                }
                files.push(path);
            }
        }
        for dir in &self.source_dirs {
            for path in files_in(dir, &["rs"], &mut problems) {
                match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        let (found, mut diagnostics) = source::rust::scan_file(&text, Arc::new(path.clone()));
                        tables.extend(found);
                        problems.append(&mut diagnostics);
                    }
                    Err(e) => problems.push(unreadable(&path, e)),
                }
                files.push(path);
            }
        }
        let mut schema = Schema { tables };
        schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
        schema.resolve_references();
        problems.extend(check::check_schema(&schema, self.dialect));
        let diagnostics = Diagnostics(problems).sorted();
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
        let decided = self.decide(schema, now)?;
        if decided.outcome == Outcome::UpToDate {
            return Ok(Outcome::UpToDate);
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
        let decided = self.decide(schema, now)?;
        let result = self.apply(&decided);
        drop(lock);
        result.map(|()| decided.outcome)
    }

    /// What [`sync`](Project::sync) would write, without writing anything (the CLI's `plan`).
    pub fn preview(&self, schema: &Schema, now: SystemTime) -> Result<Preview, SyncError> {
        let decided = self.decide(schema, now)?;
        let file = |name: &str| {
            decided
                .files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| text.clone())
        };
        Ok(Preview {
            up: file("up.sql"),
            down: file("down.sql"),
            outcome: decided.outcome,
        })
    }

    fn decide(&self, schema: &Schema, now: SystemTime) -> Result<Decision, SyncError> {
        let set = MigrationSet::read(&self.migrations_dir).map_err(io_error(&self.migrations_dir))?;
        let (base, draft) = self.base_and_draft(&set)?;
        let plan = plan::plan(&base, schema, self.dialect)
            .map_err(|refused| SyncError::Schema(Diagnostics(refused).sorted()))?;
        if plan.is_empty() {
            return Ok(match draft {
                None => Decision::up_to_date(),
                Some(draft) => Decision {
                    outcome: Outcome::Removed {
                        folder: draft.path.clone(),
                    },
                    files: Vec::new(),
                    remove: Some(draft.path.clone()),
                    folder: None,
                },
            });
        }
        let files = self.files(&plan, schema);
        let summary = plan.headline();
        match draft {
            Some(draft) => {
                let folder = draft.path.with_file_name(format!(
                    "{}_{}",
                    draft.name.split('_').next().unwrap_or_default(),
                    plan.slug()
                ));
                let same = folder == draft.path
                    && files
                        .iter()
                        .all(|(name, text)| draft.read_file(name).as_deref() == Some(text.as_str()));
                if same {
                    return Ok(Decision::up_to_date());
                }
                let remove = (folder != draft.path).then(|| draft.path.clone());
                Ok(Decision {
                    outcome: Outcome::Updated {
                        folder: folder.clone(),
                        summary,
                    },
                    files,
                    remove,
                    folder: Some(folder),
                })
            }
            None => {
                let version = migrations::next_version(now, &set.versions());
                let folder = self.migrations_dir.join(format!("{version}_{}", plan.slug()));
                Ok(Decision {
                    outcome: Outcome::Created {
                        folder: folder.clone(),
                        summary,
                    },
                    files,
                    remove: None,
                    folder: Some(folder),
                })
            }
        }
    }

    /// The schema the next migration starts from, and the draft it may rewrite.
    fn base_and_draft<'s>(&self, set: &'s MigrationSet) -> Result<(Schema, Option<&'s MigrationFolder>), SyncError> {
        let snapshot_of = |folder: &MigrationFolder| -> Result<Schema, SyncError> {
            let snapshot = folder
                .snapshot
                .clone()
                .expect("generated folders have snapshots")
                .map_err(SyncError::Migrations)?;
            if snapshot.dialect != self.dialect {
                return Err(SyncError::Migrations(format!(
                    "{} was generated for {}, but this project targets {}; use one migrations folder per database",
                    folder.path.display(),
                    snapshot.dialect,
                    self.dialect
                )));
            }
            Ok(snapshot.schema)
        };
        let Some((index, latest)) = set.latest_generated() else {
            return Ok((Schema::default(), None));
        };
        let is_last_folder = index + 1 == set.folders.len();
        let rewritable =
            latest.is_draft() && is_last_folder && migrations::is_tracked(&latest.path.join("up.sql")) != Some(true);
        // Also for a draft: one migrations folder serves one database.
        let latest_schema = snapshot_of(latest)?;
        if !rewritable {
            return Ok((latest_schema, None));
        }
        let base = match set.folders[..index].iter().rev().find(|f| f.is_generated()) {
            Some(previous) => snapshot_of(previous)?,
            None => Schema::default(),
        };
        Ok((base, Some(latest)))
    }

    fn files(&self, plan: &Plan, schema: &Schema) -> Vec<(&'static str, String)> {
        let sql = render::render(plan, self.dialect);
        vec![
            ("up.sql", sql.up),
            ("down.sql", sql.down),
            (
                "metadata.toml",
                Metadata::generated(sql.run_in_transaction, true).to_toml(),
            ),
            (SNAPSHOT_FILE, Snapshot::new(self.dialect, schema.clone()).to_json()),
        ]
    }

    fn apply(&self, decision: &Decision) -> Result<(), SyncError> {
        if let (Some(old), Some(new)) = (&decision.remove, &decision.folder) {
            std::fs::rename(old, new).map_err(io_error(old))?;
        } else if let Some(old) = &decision.remove {
            std::fs::remove_dir_all(old).map_err(io_error(old))?;
        }
        if let Some(folder) = &decision.folder {
            for (name, text) in &decision.files {
                let path = folder.join(name);
                write_if_changed(&path, text).map_err(io_error(&path))?;
            }
        }
        Ok(())
    }
}

struct Decision {
    outcome: Outcome,
    files: Vec<(&'static str, String)>,
    /// A draft folder to remove, or to rename to `folder`.
    remove: Option<PathBuf>,
    folder: Option<PathBuf>,
}

impl Decision {
    fn up_to_date() -> Decision {
        Decision {
            outcome: Outcome::UpToDate,
            files: Vec::new(),
            remove: None,
            folder: None,
        }
    }
}

fn unreadable(path: &Path, error: io::Error) -> Diagnostic {
    Diagnostic::error(
        "unreadable-file",
        &Origin::at(Some(Arc::new(path.to_path_buf())), 0, 0),
        format!("cannot read: {error}"),
    )
}

/// Files under `dir` with one of `extensions`, sorted, recursively. A missing folder is an error.
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
            if path.is_dir() {
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

//! The migration folders of a project, as diesel sees them (any subfolder with an `up.sql`), plus
//! what Tablewright recorded in the ones it wrote.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::snapshot::{Snapshot, SNAPSHOT_FILE};

/// `metadata.toml`: diesel reads `run_in_transaction`; Tablewright keeps its own table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// Diesel defaults a *missing* key to `false` when the file exists (so it is always written);
    /// reading one, so do we.
    #[serde(default)]
    pub run_in_transaction: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tablewright: Option<TablewrightMetadata>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TablewrightMetadata {
    /// Rewritten on every schema edit until committed to git or sealed.
    #[serde(default)]
    pub draft: bool,
}

impl Metadata {
    pub fn generated(run_in_transaction: bool, draft: bool) -> Metadata {
        Metadata {
            run_in_transaction,
            tablewright: Some(TablewrightMetadata { draft }),
        }
    }

    pub fn to_toml(&self) -> String {
        let draft = self.tablewright.as_ref().is_some_and(|t| t.draft);
        let mut text = format!(
            "# Read by diesel: whether this migration runs inside one transaction.\nrun_in_transaction = {}\n",
            self.run_in_transaction
        );
        if self.tablewright.is_some() {
            text.push_str(&format!(
                "\n[tablewright]\n# A draft is rewritten on every schema change until it is committed to git or sealed\n# (`tablewright seal`, or set this to false).\ndraft = {draft}\n"
            ));
        }
        text
    }

    pub fn is_draft(&self) -> bool {
        self.tablewright.as_ref().is_some_and(|t| t.draft)
    }
}

/// One migration folder.
#[derive(Clone, Debug)]
pub struct MigrationFolder {
    pub path: PathBuf,
    /// The folder name, e.g. `20251205103000_create_storage_locations`.
    pub name: String,
    /// The part before the first `_`, as diesel reads it (dashes removed).
    pub version: String,
    pub metadata: Option<Metadata>,
    /// Whether the folder has a snapshot file: Tablewright wrote it.
    generated: bool,
    /// The snapshot, read on first use (see [`MigrationFolder::snapshot`]).
    snapshot: OnceLock<Result<Snapshot, String>>,
    /// What makes this folder unusable as a migration (see [`MigrationSet::problems`]).
    pub problems: Vec<FolderProblem>,
}

/// Something wrong with a migration folder or one of its files, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct FolderProblem {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl FolderProblem {
    fn new(path: &Path, message: impl Into<String>) -> FolderProblem {
        FolderProblem {
            path: path.to_path_buf(),
            line: None,
            message: message.into(),
        }
    }
}

/// The longest version accepted: diesel's are 14 digits (`YYYYMMDDHHMMSS`, dashes removed).
const MAX_VERSION_DIGITS: usize = 20;

impl MigrationFolder {
    fn read(path: PathBuf) -> io::Result<MigrationFolder> {
        let mut problems = Vec::new();
        let name = match path.file_name().and_then(|n| n.to_str()) {
            Some(name) => name.to_string(),
            None => {
                problems.push(FolderProblem::new(
                    &path,
                    "the folder name is not valid UTF-8; rename it",
                ));
                path.file_name().unwrap_or_default().to_string_lossy().into_owned()
            }
        };
        let version = name.split('_').next().unwrap_or_default().replace('-', "");
        if let Some(problem) = name_problem(&name, &version) {
            problems.push(FolderProblem::new(&path, problem));
        }
        let metadata_path = path.join("metadata.toml");
        let metadata = match read_text(&metadata_path) {
            Ok(Some(text)) => match toml::from_str::<Metadata>(&text) {
                Ok(metadata) => Some(metadata),
                Err(e) => {
                    problems.push(FolderProblem {
                        line: e.span().map(|span| text[..span.start].matches('\n').count() + 1),
                        path: metadata_path,
                        message: format!("{} (diesel reads `run_in_transaction = true` or `false`)", e.message()),
                    });
                    None
                }
            },
            Ok(None) => None,
            Err(problem) => {
                problems.push(problem);
                None
            }
        };
        let generated = match std::fs::metadata(path.join(SNAPSHOT_FILE)) {
            Ok(_) => true,
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(e),
        };
        for file in ["up.sql", "down.sql"] {
            match read_text(&path.join(file)) {
                Ok(Some(_)) => {}
                Ok(None) if file == "up.sql" => problems.push(FolderProblem::new(
                    &path.join(file),
                    "missing: every migration folder needs an up.sql (a folder that is not a migration does not belong here)",
                )),
                Ok(None) => {}
                Err(problem) => problems.push(problem),
            }
        }
        Ok(MigrationFolder {
            path,
            name,
            version,
            metadata,
            generated,
            snapshot: OnceLock::new(),
            problems,
        })
    }

    /// The snapshot, if Tablewright wrote this folder; an unreadable snapshot is an error. Read
    /// on first use, not with the folder: a 1,000-table schema's snapshot is megabytes of JSON,
    /// and most commands need one snapshot of a history (the newest generated), some none (a
    /// draft whose files match what `check` renders).
    pub fn snapshot(&self) -> Option<&Result<Snapshot, String>> {
        if !self.generated {
            return None;
        }
        Some(self.snapshot.get_or_init(|| {
            let path = self.path.join(SNAPSHOT_FILE);
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            Snapshot::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
        }))
    }

    pub fn is_draft(&self) -> bool {
        self.metadata.as_ref().is_some_and(Metadata::is_draft)
    }

    pub fn is_generated(&self) -> bool {
        self.generated
    }

    /// Freezes a draft: it will never be rewritten. Returns whether it was a draft.
    pub fn seal(&self) -> io::Result<bool> {
        let Some(metadata) = self.metadata.as_ref().filter(|m| m.is_draft()) else {
            return Ok(false);
        };
        let sealed = Metadata::generated(metadata.run_in_transaction, false);
        super::write_if_changed(&self.path.join("metadata.toml"), &sealed.to_toml())?;
        Ok(true)
    }

    pub fn read_file(&self, file: &str) -> Option<String> {
        std::fs::read_to_string(self.path.join(file)).ok()
    }
}

/// What is wrong with a migration folder's name, if anything.
fn name_problem(name: &str, version: &str) -> Option<String> {
    if name.chars().any(char::is_control) {
        return Some("the folder name has a control character (a newline?); rename it".into());
    }
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!(
            "`{name}` does not start with a version: migration folders are named `<version>_<name>`, the version being digits such as 20261204101500"
        ));
    }
    if version.len() > MAX_VERSION_DIGITS {
        return Some(format!(
            "the version `{version}` has {} digits, more than {MAX_VERSION_DIGITS}: use a timestamp such as 20261204101500",
            version.len()
        ));
    }
    None
}

/// A migration file's text: `None` if it does not exist, a problem if it is not a readable UTF-8
/// file (a directory, a broken link, another encoding).
fn read_text(path: &Path) -> Result<Option<String>, FolderProblem> {
    crate::text_file::read_if_present(path).map_err(|problem| FolderProblem {
        path: path.to_path_buf(),
        line: (problem.line > 0).then_some(problem.line),
        message: problem.message,
    })
}

/// Every migration folder, in the order diesel applies them.
#[derive(Clone, Debug, Default)]
pub struct MigrationSet {
    pub dir: PathBuf,
    pub folders: Vec<MigrationFolder>,
    /// Problems of entries that are not folders (see [`MigrationSet::problems`]).
    pub entry_problems: Vec<FolderProblem>,
}

impl MigrationSet {
    /// Reads `dir`; a missing folder is an empty set. Like diesel, skips files, dot-folders and
    /// empty folders.
    pub fn read(dir: &Path) -> io::Result<MigrationSet> {
        let mut folders = Vec::new();
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(MigrationSet {
                    dir: dir.to_path_buf(),
                    folders,
                    entry_problems: Vec::new(),
                })
            }
            Err(e) => return Err(e),
        };
        let mut problems = Vec::new();
        for entry in entries {
            let entry = entry?;
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if !path.is_dir() {
                // Files sit beside migrations harmlessly (diesel skips them); a broken link does
                // not: it may be a migration folder that went missing.
                if !path.exists() {
                    problems.push(FolderProblem::new(&path, "is a link to a folder that does not exist"));
                }
                continue;
            }
            // git leaves empty folders behind when it removes a migration's files.
            if std::fs::read_dir(&path)?.next().is_none() {
                continue;
            }
            folders.push(MigrationFolder::read(path)?);
        }
        folders.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(MigrationSet {
            dir: dir.to_path_buf(),
            folders,
            entry_problems: problems,
        })
    }

    /// [`problems`](MigrationSet::problems) as one message, or `None` when there are none.
    pub fn problems_report(&self) -> Option<String> {
        let problems = self.problems();
        if problems.is_empty() {
            return None;
        }
        let mut report = format!(
            "the migrations in {} cannot be applied as they are; nothing was run:",
            self.dir.display()
        );
        for problem in problems {
            report.push_str(&format!("\n- {problem}"));
        }
        Some(report)
    }

    /// Everything that makes the set unsafe to apply, each naming its file: folders that look
    /// like migrations but cannot be read whole, names without a proper version, two folders with
    /// one version, and versions of different lengths (which order wrongly as text). A set with
    /// problems is refused whole, before any database is touched: never skipped in part.
    pub fn problems(&self) -> Vec<FolderProblem> {
        let mut problems = self.entry_problems.clone();
        problems.extend(self.folders.iter().flat_map(|f| f.problems.iter().cloned()));
        for pair in self.folders.windows(2) {
            if pair[0].version == pair[1].version && !pair[0].version.is_empty() {
                problems.push(FolderProblem::new(
                    &pair[1].path,
                    format!(
                        "has the version {} of {} too; give one of them a new version (diesel records a migration by its version)",
                        pair[1].version, pair[0].name
                    ),
                ));
            }
        }
        let lengths: std::collections::BTreeSet<usize> = self
            .folders
            .iter()
            .filter(|f| f.problems.is_empty())
            .map(|f| f.version.len())
            .collect();
        if lengths.len() > 1 {
            let odd = self
                .folders
                .iter()
                .find(|f| f.version.len() != self.folders[0].version.len())
                .expect("two lengths");
            problems.push(FolderProblem::new(
                &odd.path,
                format!(
                    "its version has {} digits where {} has {}: versions are ordered as text, so they must all have the same number of digits",
                    odd.version.len(),
                    self.folders[0].name,
                    self.folders[0].version.len()
                ),
            ));
        }
        problems
    }

    /// The newest folder Tablewright generated.
    /// The folders written from one plan together with the one at `index` (its main migration,
    /// backfills, validation, indexes, swap): adjacent generated folders recording the same
    /// schema. They are sealed, and rewritten, together.
    pub fn plan_group(&self, index: usize) -> std::ops::Range<usize> {
        let snapshot = |i: usize| match self.folders[i].snapshot() {
            Some(Ok(s)) => Some(s),
            _ => None,
        };
        let Some(this) = snapshot(index) else {
            return index..index + 1;
        };
        let same = |i: usize| snapshot(i) == Some(this);
        let mut start = index;
        while start > 0 && same(start - 1) {
            start -= 1;
        }
        let mut end = index + 1;
        while end < self.folders.len() && same(end) {
            end += 1;
        }
        start..end
    }

    /// The drafts: the newest generated folders that may still be rewritten, counted back from
    /// the last folder as long as each is generated, says `draft = true`, and is not tracked by
    /// git. Drafts that continue a plan whose first folders are sealed (or committed) belong to
    /// it and are not drafts: rewriting them alone would lose them.
    pub fn drafts(&self) -> std::ops::Range<usize> {
        let rewritable = |folder: &MigrationFolder| {
            folder.is_generated() && folder.is_draft() && super::is_tracked(&folder.path.join("up.sql")) != Some(true)
        };
        let end = self.folders.len();
        let mut start = end;
        while start > 0 && rewritable(&self.folders[start - 1]) {
            start -= 1;
        }
        // Only a generated folder before the drafts can begin their plan: without one, their
        // snapshots need not be read here.
        if start < end && start > 0 && self.folders[start - 1].is_generated() {
            let group = self.plan_group(start);
            if group.start < start {
                start = group.end;
            }
        }
        start..end
    }

    pub fn latest_generated(&self) -> Option<(usize, &MigrationFolder)> {
        self.folders.iter().enumerate().rev().find(|(_, f)| f.is_generated())
    }

    pub fn versions(&self) -> Vec<String> {
        self.folders.iter().map(|f| f.version.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_round_trips_and_diesel_keys_stay_top_level() {
        let metadata = Metadata::generated(true, true);
        let text = metadata.to_toml();
        assert!(text.contains("\nrun_in_transaction = true\n"));
        assert_eq!(toml::from_str::<Metadata>(&text).unwrap(), metadata);
        // A hand-written file without our table reads fine.
        let plain: Metadata = toml::from_str("run_in_transaction = false").unwrap();
        assert!(!plain.is_draft());
    }
}

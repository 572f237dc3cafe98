//! The migration folders of a project, as diesel sees them (any subfolder with an `up.sql`), plus
//! what Tablewright recorded in the ones it wrote.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::snapshot::{Snapshot, SNAPSHOT_FILE};

/// `metadata.toml`: diesel reads `run_in_transaction`; Tablewright keeps its own table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// Diesel defaults a *missing* key to `false` when the file exists, so it is always written.
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
    /// The snapshot, if Tablewright wrote this folder; an unreadable snapshot is an error.
    pub snapshot: Option<Result<Snapshot, String>>,
}

impl MigrationFolder {
    fn read(path: PathBuf) -> io::Result<MigrationFolder> {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let version = name.split('_').next().unwrap_or_default().replace('-', "");
        let metadata = match std::fs::read_to_string(path.join("metadata.toml")) {
            Ok(text) => toml::from_str::<Metadata>(&text).ok(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let snapshot = match std::fs::read_to_string(path.join(SNAPSHOT_FILE)) {
            Ok(text) => {
                Some(Snapshot::from_json(&text).map_err(|e| format!("{}: {e}", path.join(SNAPSHOT_FILE).display())))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        Ok(MigrationFolder {
            path,
            name,
            version,
            metadata,
            snapshot,
        })
    }

    pub fn is_draft(&self) -> bool {
        self.metadata.as_ref().is_some_and(Metadata::is_draft)
    }

    pub fn is_generated(&self) -> bool {
        self.snapshot.is_some()
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

/// Every migration folder, in the order diesel applies them.
#[derive(Clone, Debug, Default)]
pub struct MigrationSet {
    pub dir: PathBuf,
    pub folders: Vec<MigrationFolder>,
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
                })
            }
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') || !entry.file_type()?.is_dir() {
                continue;
            }
            if std::fs::read_dir(entry.path())?.next().is_none() {
                continue;
            }
            folders.push(MigrationFolder::read(entry.path())?);
        }
        folders.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(MigrationSet {
            dir: dir.to_path_buf(),
            folders,
        })
    }

    /// The newest folder Tablewright generated.
    /// The folders written from one plan together with the one at `index` (its main migration,
    /// backfills, validation, indexes, swap): adjacent generated folders recording the same
    /// schema. They are sealed, and rewritten, together.
    pub fn plan_group(&self, index: usize) -> std::ops::Range<usize> {
        let snapshot = |i: usize| match &self.folders[i].snapshot {
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
        if start < end {
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

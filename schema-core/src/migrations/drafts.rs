//! The draft history, so that a development database follows a rewritten draft.
//!
//! The app applies the draft migration at startup; the next schema edit rewrites that draft.
//! Each time the drafts are rewritten, what they were before (their checksums and the schema they
//! built) is kept under `migrations/.drafts/`, each with its *follow-up*: the SQL that takes a
//! database which applied that earlier version to the current one, keeping its rows (see
//! [`crate::plan::follow_up`]). Every rewrite brings the follow-ups of all kept versions up to date.
//!
//! `embed_migrations!` and `tablewright migrate up` carry the follow-ups whose target is the
//! current drafts; the migrator runs one when the database's applied drafts match its `from`.
//! Nothing here is ever needed by a release: diesel skips dot-folders, git is told to ignore
//! this one, and the history of a draft goes away when the draft is sealed.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use hmac_sha256::Hash;
use serde::{Deserialize, Serialize};

use super::folder::MigrationSet;
use super::snapshot::Snapshot;
use crate::dialect::Dialect;
use crate::model::Schema;
use crate::plan;
use crate::render;

/// The folder under the migrations folder that keeps the draft history.
pub const DRAFTS_DIR: &str = ".drafts";

/// Versions kept: older ones are forgotten (a database that applied one is rebuilt instead).
const KEPT: usize = 32;

/// Migration version → checksum, as the ledger records them when a migration is applied.
pub type Stamps = BTreeMap<String, String>;

/// One earlier version of the drafts, with what brings it to the current drafts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftVersion {
    /// Order of recording, to forget the oldest first.
    pub seq: u64,
    /// The draft migrations of that version.
    pub migrations: Stamps,
    /// The schema they built.
    pub snapshot: Snapshot,
    pub follow_up: FollowUp,
}

/// What takes a database that applied [`DraftVersion::migrations`] to the drafts `to`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub to: Stamps,
    /// What changes, a line per change (the migration headers' lines).
    pub summary: Vec<String>,
    pub migrations: Vec<FollowUpSql>,
    /// Why the database cannot follow (a change that needs data the rows do not have): the
    /// migrator rebuilds the drafts instead, with the down SQL recorded when they were applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpSql {
    pub up: String,
    pub run_in_transaction: bool,
}

/// The current drafts of `set`, as the ledger would record them.
pub fn current_stamps(set: &MigrationSet) -> io::Result<Stamps> {
    set.folders[set.drafts()]
        .iter()
        .map(|folder| {
            let up = std::fs::read_to_string(folder.path.join("up.sql"))?;
            let down = match std::fs::read_to_string(folder.path.join("down.sql")) {
                Ok(down) => Some(down),
                Err(e) if e.kind() == io::ErrorKind::NotFound => None,
                Err(e) => return Err(e),
            };
            Ok((folder.version.clone(), super::checksum(&up, down.as_deref())))
        })
        .collect()
}

/// The kept versions of the drafts in `migrations_dir`, oldest first. Files that do not parse
/// (written by another version of Tablewright) are left out.
pub fn read(migrations_dir: &Path) -> Vec<(PathBuf, DraftVersion)> {
    let dir = migrations_dir.join(DRAFTS_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut versions: Vec<(PathBuf, DraftVersion)> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let version = serde_json::from_str(&text).ok()?;
            Some((path, version))
        })
        .collect();
    versions.sort_by_key(|(_, v)| v.seq);
    versions
}

/// The follow-ups a binary built from `set` carries: those that lead to its current drafts,
/// refused ones included (the migrator rebuilds the drafts for those, as the build announced).
pub fn follow_ups(set: &MigrationSet) -> io::Result<Vec<(Stamps, FollowUp)>> {
    let current = current_stamps(set)?;
    Ok(read(&set.dir)
        .into_iter()
        .map(|(_, version)| (version.migrations, version.follow_up))
        .filter(|(_, follow_up)| follow_up.to == current)
        .collect())
}

/// The files to write and remove so that the history leads to the new drafts.
#[derive(Debug, Default)]
pub struct HistoryUpdate {
    pub write: Vec<(PathBuf, String)>,
    pub remove: Vec<PathBuf>,
    /// Kept versions a database cannot follow from, each with why (shown as warnings).
    pub refused: Vec<String>,
}

/// Brings the history up to date when the drafts change from `replaced` (the drafts before, with
/// the schema they built; `None` when there were none) to `target` (the drafts being written,
/// building `schema`).
pub fn update(
    set: &MigrationSet,
    replaced: Option<(Stamps, &Schema)>,
    target: impl FnOnce() -> Stamps,
    schema: &Schema,
    dialect: Dialect,
) -> HistoryUpdate {
    // The checksums of what is written, computed only when there is a draft history to compare
    // them with: hashing the SQL of a first migration of a thousand tables is a tenth of
    // `generate`, for nothing.
    let make_target = std::cell::Cell::new(Some(target));
    let target_cell = std::cell::OnceCell::new();
    let target = || target_cell.get_or_init(|| make_target.take().expect("computed once")());
    let dir = set.dir.join(DRAFTS_DIR);
    let drafts = set.drafts();
    // Versions that are sealed now cannot be followed: their history is done.
    let sealed: Vec<&str> = set.folders[..drafts.start].iter().map(|f| f.version.as_str()).collect();
    let mut update = HistoryUpdate::default();
    let mut kept = read(&set.dir);
    let next_seq = kept.iter().map(|(_, v)| v.seq + 1).max().unwrap_or(0);
    // A rewrite that leaves the SQL as it was (a comment SQLite does not store, say) leaves
    // nothing to follow.
    let replaced = replaced.filter(|(m, _)| !m.is_empty() && m != target());
    let just_replaced = replaced.as_ref().map(|(m, _)| m.clone());
    if let Some((migrations, applied)) = replaced {
        if !kept.iter().any(|(_, v)| v.migrations == migrations) {
            let version = DraftVersion {
                seq: next_seq,
                snapshot: Snapshot::new(dialect, applied.clone()),
                follow_up: FollowUp::default(),
                migrations: migrations.clone(),
            };
            kept.push((dir.join(file_name(&migrations)), version));
        }
    }
    let forget = kept.len().saturating_sub(KEPT);
    for (i, (path, mut version)) in kept.into_iter().enumerate() {
        let done = version.migrations == *target()
            || version.migrations.keys().any(|v| sealed.contains(&v.as_str()))
            || version.snapshot.dialect != dialect;
        if i < forget || done {
            if path.exists() {
                update.remove.push(path);
            }
            continue;
        }
        version.follow_up = plan_follow_up(&version.snapshot.schema, schema, target(), dialect);
        // Said of the draft this edit replaced: the one the developer's database most likely
        // has. (Older versions are followed or rebuilt the same way, without a word each time.)
        let is_just_replaced = just_replaced.as_ref() == Some(&version.migrations);
        if let (Some(why), true) = (&version.follow_up.refused, is_just_replaced) {
            update.refused.push(format!(
                "a database that applied the draft {} as it was before this edit cannot follow it, because {why}; its next start reverts that draft and applies the new one: the rows of the tables the draft creates, and the values of the columns it adds, are lost",
                version.migrations.keys().next().map(String::as_str).unwrap_or_default(),
            ));
        }
        let mut text = serde_json::to_string_pretty(&version).expect("the history serializes");
        text.push('\n');
        update.write.push((path, text));
    }
    if !update.write.is_empty() {
        update.write.push((
            dir.join(".gitignore"),
            "# Tablewright's draft history, for development databases only: never commit it.\n*\n".into(),
        ));
    }
    update
}

fn plan_follow_up(applied: &Schema, schema: &Schema, target: &Stamps, dialect: Dialect) -> FollowUp {
    let mut follow_up = FollowUp {
        to: target.clone(),
        ..FollowUp::default()
    };
    match plan::follow_up(applied, schema, dialect) {
        Ok(plans) => {
            for plan in plans {
                follow_up.summary.extend(plan.headline());
                follow_up
                    .migrations
                    .extend(render::render(&plan, dialect).into_iter().map(|sql| FollowUpSql {
                        up: sql.up,
                        run_in_transaction: sql.run_in_transaction,
                    }));
            }
        }
        Err(refused) => {
            let reasons: Vec<String> = refused.iter().map(|d| d.message.clone()).collect();
            follow_up.refused = Some(reasons.join("; "));
        }
    }
    follow_up
}

/// A file name per version of the drafts: a digest of its stamps.
fn file_name(migrations: &Stamps) -> String {
    let mut hasher = Hash::new();
    for (version, checksum) in migrations {
        hasher.update(version.as_bytes());
        hasher.update(b"=");
        hasher.update(checksum.as_bytes());
        hasher.update(b"\n");
    }
    let digest: String = hasher.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{digest}.json")
}

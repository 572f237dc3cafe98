//! Whether git already knows a file. A migration that is tracked (committed, or staged for the
//! next commit) has left the author's machine, or is about to: it is never rewritten.

use std::path::Path;
use std::process::{Command, Stdio};

/// `Some(true)` if git tracks `file`, `Some(false)` if the folder is in a repository that does
/// not, `None` if git is unavailable or the folder is not in a repository.
pub fn is_tracked(file: &Path) -> Option<bool> {
    let dir = file.parent()?;
    let name = file.file_name()?;
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["ls-files", "--error-unmatch", "--"])
        .arg(name)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .output()
        .ok()?;
    if output.status.success() {
        return Some(true);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    // "did not match any file(s) known to git" means: a repository, but not tracked.
    stderr.contains("did not match").then_some(false)
}

//! Writing files so that unchanged outputs keep their timestamps (no needless rebuilds) and a
//! killed process never leaves half a file.

use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    Unchanged,
    Written,
}

/// Writes `contents` to `path` unless it already holds exactly that. Writes go to a temporary
/// file in the same folder that is then renamed over the target.
pub fn write_if_changed(path: &Path, contents: &str) -> io::Result<WriteOutcome> {
    if std::fs::read(path).is_ok_and(|existing| existing == contents.as_bytes()) {
        return Ok(WriteOutcome::Unchanged);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    // Unique per writer, threads of one process included (concurrent builds in one test).
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let temporary = path.with_file_name(format!(
        ".{file_name}.tmp{}-{}",
        std::process::id(),
        WRITES.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&temporary, contents)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })?;
    Ok(WriteOutcome::Written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_content_keeps_the_file() {
        // In the target folder, beside this test binary: tests write nothing outside it.
        let exe = std::env::current_exe().unwrap();
        let dir = tempfile::tempdir_in(exe.parent().unwrap()).unwrap();
        let path = dir.path().join("a/up.sql");
        assert_eq!(write_if_changed(&path, "x").unwrap(), WriteOutcome::Written);
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(write_if_changed(&path, "x").unwrap(), WriteOutcome::Unchanged);
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), before);
        assert_eq!(write_if_changed(&path, "y").unwrap(), WriteOutcome::Written);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "y");
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}

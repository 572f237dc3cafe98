//! Reading a text file a user wrote (a schema, a Rust source, a migration's SQL), with a problem
//! that says what is wrong and, for an encoding error, where: the line and column of the first
//! byte that is not UTF-8.

use std::io;
use std::path::Path;

/// Why a file could not be read as text. `line` and `column` are 1-based, 0 when the problem is
/// the file as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

pub fn read(path: &Path) -> Result<String, Unreadable> {
    let whole = |message: String| Unreadable {
        line: 0,
        column: 0,
        message,
    };
    match std::fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound && std::fs::symlink_metadata(path).is_ok() => {
            return Err(whole("it is a link to a file that does not exist".into()))
        }
        Ok(meta) if meta.is_dir() => return Err(whole("it is a folder, not a file".into())),
        _ => {}
    }
    let bytes = std::fs::read(path).map_err(|e| whole(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let before = String::from_utf8_lossy(valid);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Unreadable {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            message: format!(
                "it is not UTF-8 (byte 0x{:02x} here); save it as UTF-8",
                e.as_bytes()[valid.len()]
            ),
        }
    })
}

/// [`read`], with `None` for a path where nothing is (a dangling link is a problem, not `None`).
pub fn read_if_present(path: &Path) -> Result<Option<String>, Unreadable> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        _ => read(path).map(Some),
    }
}

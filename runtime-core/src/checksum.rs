//! The checksum recorded when a migration is applied: SHA-256 of its up and down SQL, normalized
//! so that line endings and trailing whitespace (what editors change on save) do not count.

use sha2::{Digest, Sha256};

/// Hex SHA-256 over the normalized up SQL, a separator, and the normalized down SQL.
pub fn checksum(up: &str, down: Option<&str>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(normalize(up).as_bytes());
    hasher.update(b"\n--tablewright: down--\n");
    hasher.update(normalize(down.unwrap_or_default()).as_bytes());
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn normalize(sql: &str) -> String {
    let mut lines: Vec<&str> = sql.lines().map(str::trim_end).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_that_editors_change_does_not_count() {
        let base = checksum(
            "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\n",
            Some("DROP TABLE t;\n"),
        );
        assert_eq!(base.len(), 64);
        assert_eq!(
            checksum(
                "CREATE TABLE t (a int);  \r\nINSERT INTO t VALUES (1);\r\n\r\n",
                Some("DROP TABLE t;")
            ),
            base
        );
        assert_ne!(
            checksum(
                "CREATE TABLE t (a bigint);\nINSERT INTO t VALUES (1);\n",
                Some("DROP TABLE t;\n")
            ),
            base
        );
        assert_ne!(
            checksum("CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\n", None),
            base,
            "the down counts too"
        );
    }
}

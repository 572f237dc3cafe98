//! The checksum recorded when a migration is applied: SHA-256 of its up and down SQL, normalized
//! so that line endings and trailing whitespace (what editors change on save) do not count.

use hmac_sha256::Hash;

/// Hex SHA-256 over the normalized up SQL, a separator, and the normalized down SQL.
pub fn checksum(up: &str, down: Option<&str>) -> String {
    let mut hasher = Hash::new();
    hasher.update(normalize(up).as_bytes());
    hasher.update(b"\n--tablewright: down--\n");
    hasher.update(normalize(down.unwrap_or_default()).as_bytes());
    hex(&hasher.finalize())
}

/// Lower-case hex, two digits a byte.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    out
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

    /// Ledgers written before keep their values: the digest is the same SHA-256 (values from
    /// another implementation, Python's hashlib; the first is FIPS 180-4's "abc" example).
    #[test]
    fn the_digest_is_sha256() {
        assert_eq!(
            hex(&Hash::hash(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            checksum(
                "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\n",
                Some("DROP TABLE t;\n")
            ),
            "7852f3aab63bf7b80ee3d1585835db264678cc73d6019e61e3ec489b33ea5659"
        );
    }

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

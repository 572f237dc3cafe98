//! Reading a text file: what is wrong, and where (tablewright_core::text_file).

use tablewright_core::text_file::{read, Unreadable};

#[test]
fn what_is_wrong_and_where() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, b"table: t\ncolumns: \xc3\xa9\xff\n").unwrap();
    assert_eq!(
        read(&bad),
        Err(Unreadable {
            line: 2,
            column: 11,
            message: "it is not UTF-8 (byte 0xff here); save it as UTF-8".into()
        })
    );
    assert_eq!(read(dir.path()).unwrap_err().message, "it is a folder, not a file");
    let link = dir.path().join("link.yaml");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
    assert_eq!(
        read(&link).unwrap_err().message,
        "it is a link to a file that does not exist"
    );
    std::fs::write(&bad, "ok").unwrap();
    assert_eq!(read(&bad).unwrap(), "ok");
}

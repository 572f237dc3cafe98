//! The README's first command, as a test: the binary creates its database, migrates, writes and
//! reads rows; a second start applies nothing and still works.

use std::process::Command;

#[test]
fn creates_migrates_writes_and_reads() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let db = dir.path().join("quickstart.db");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_quickstart-sqlite"))
            .arg(&db)
            .output()
            .unwrap()
    };

    let first = run();
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(db.is_file());
    assert!(stdout.contains(": 1 migration(s) applied"), "{stdout}");
    assert!(
        stdout.contains("[doing]") && stdout.contains("write the README"),
        "the update was visible: {stdout}"
    );

    let second = run();
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(second.status.success(), "{stdout}");
    assert!(stdout.contains(": 0 migration(s) applied"), "{stdout}");
    assert_eq!(
        stdout.matches("ship it").count(),
        2,
        "rows of both runs are there: {stdout}"
    );
}

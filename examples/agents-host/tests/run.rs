//! The host example on SQLite: the first start runs the library's set and the host's; a start
//! with the scheduler adds the library's optional group to the same database, rows kept.

use std::process::Command;

#[test]
fn runs_the_library_sets_and_its_own() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let db = dir.path().join("agents-host.db");
    let run = |scheduler: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_agents-host"));
        command.env("DATABASE_URL", &db).env_remove("WITH_SCHEDULER");
        if scheduler {
            command.env("WITH_SCHEDULER", "1");
        }
        let output = command.output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
    };

    let first = run(false);
    assert!(
        first.contains("2 migration(s) applied"),
        "the library's set and the host's: {first}"
    );
    assert!(first.contains("1 note(s)"), "{first}");
    let second = run(true);
    assert!(
        second.contains("1 migration(s) applied"),
        "the scheduler group, added later: {second}"
    );
    assert!(second.contains("2 note(s)"), "rows kept: {second}");
    assert!(run(true).contains("0 migration(s) applied"));
}

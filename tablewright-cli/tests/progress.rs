//! Progress is drawn on a terminal and nowhere else: `migrate up` and `seed` run under a
//! pseudo-terminal (`script`, from util-linux), with and without `CI`.

mod common;

use std::process::Command;

use common::Project;

/// Runs `tablewright ARGS` in `project` on a pseudo-terminal; returns what the terminal showed.
fn on_terminal(project: &Project, args: &str, ci: bool) -> String {
    let binary = env!("CARGO_BIN_EXE_tablewright");
    let mut command = Command::new("script");
    command
        .args(["-qec", &format!("{binary} {args}"), "/dev/null"])
        .current_dir(project.path())
        .env_remove("CI");
    if ci {
        command.env("CI", "1");
    }
    let output = command
        .output()
        .expect("`script` (util-linux) runs commands on a pseudo-terminal: install util-linux");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn migrating_and_seeding_show_progress_on_a_terminal_only() {
    let project = Project::new("outputs");
    let orders = project.path().join("schemas/orders.yaml");
    let text = std::fs::read_to_string(&orders).unwrap();
    // SQLite: no tenants, no partial indexes.
    let portable = text.replace("tenant: tenant_id\n", "");
    std::fs::write(&orders, &portable[..portable.find("indexes:").unwrap()]).unwrap();
    let seeds = project.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    for entry in std::fs::read_dir(common::fixture_path("seeds/good")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), seeds.join(entry.file_name())).unwrap();
    }
    project.run(None, &["generate", "--dialect", "sqlite"]).expect(0);
    let migration = project.migrations().remove(0);

    let shown = on_terminal(&project, "migrate up --create --database-url sqlite://one.db", false);
    assert!(shown.contains(&format!("applying {migration}")), "{shown}");
    assert!(shown.contains("\u{1b}[2K"), "the spinner is cleared: {shown}");
    assert!(shown.contains(&format!("applied {migration}")), "{shown}");
    let shown = on_terminal(&project, "seed --database-url sqlite://one.db", false);
    assert!(shown.contains("9/9 rows"), "{shown}");
    assert!(shown.contains("accounts: 2 row(s) inserted"), "{shown}");

    // In CI, the same summary and nothing drawn.
    let shown = on_terminal(&project, "migrate up --create --database-url sqlite://two.db", true);
    assert!(!shown.contains("applying") && !shown.contains('\u{1b}'), "{shown}");
    assert!(shown.contains(&format!("applied {migration}")), "{shown}");
    let shown = on_terminal(&project, "seed --database-url sqlite://two.db", true);
    assert!(!shown.contains("rows ") && !shown.contains('\u{1b}'), "{shown}");
    assert!(shown.contains("accounts: 2 row(s) inserted"), "{shown}");
}

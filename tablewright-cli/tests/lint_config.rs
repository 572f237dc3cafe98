//! `tablewright lint` follows the `[lint]` table of tablewright.toml: rule levels, rules turned
//! off, and `start_after`.

use std::path::Path;
use std::process::{Command, Output};

fn tablewright(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tablewright"))
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn migration(root: &Path, name: &str, up: &str) {
    let folder = root.join("migrations").join(name);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("up.sql"), up).unwrap();
}

#[test]
fn the_lint_table_sets_levels_and_where_reporting_starts() {
    let dir = tablewright_db_tests::tempdir();
    let root = dir.path();
    migration(root, "2020-01-01-000000_old", "DROP TABLE legacy;\n");
    migration(
        root,
        "2021-01-01-000000_moves",
        "CREATE TABLE moves (id bigint PRIMARY KEY, lot_id bigint REFERENCES lots (lot_id));\nCREATE INDEX idx_moves_lot_id ON moves (lot_id);\n",
    );
    std::fs::write(root.join("tablewright.toml"), "dialect = \"postgres\"\n").unwrap();
    let strict = tablewright(root, &["lint"]);
    assert_eq!(strict.status.code(), Some(1), "{}", text(&strict));
    assert!(text(&strict).contains("[drop-table]") && text(&strict).contains("[fk-without-on-delete]"));

    std::fs::write(
        root.join("tablewright.toml"),
        "dialect = \"postgres\"\n\n[lint]\nlevels = { fk-without-on-delete = \"warning\" }\nstart_after = \"2020-01-01-000000\"\n",
    )
    .unwrap();
    let relaxed = tablewright(root, &["lint"]);
    assert_eq!(relaxed.status.code(), Some(0), "{}", text(&relaxed));
    assert!(!text(&relaxed).contains("[drop-table]"), "{}", text(&relaxed));
    assert!(
        text(&relaxed).contains("warning[fk-without-on-delete]"),
        "{}",
        text(&relaxed)
    );

    std::fs::write(
        root.join("tablewright.toml"),
        "dialect = \"postgres\"\n\n[lint]\nlevels = { fk-without-on-delet = \"off\" }\n",
    )
    .unwrap();
    let unknown = tablewright(root, &["lint"]);
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
    assert!(
        text(&unknown).contains("unknown rule `fk-without-on-delet`"),
        "{}",
        text(&unknown)
    );
}

/// `generate` lints what it writes with the `[lint]` table too: a level turns the opt-in
/// `prefer-bigint` on for the `integer` column, `off` silences it. (Generated migrations lint
/// clean under the default rules.)
#[test]
fn generate_lints_what_it_writes_with_the_lint_table() {
    let generate = |levels: &str| {
        let dir = tablewright_db_tests::tempdir();
        let root = dir.path();
        std::fs::create_dir_all(root.join("schemas")).unwrap();
        std::fs::write(
            root.join("schemas/lots.yaml"),
            "table: lots\ncolumns:\n  lot_id: { type: bigserial, primary_key: true }\n  quantity: integer\n",
        )
        .unwrap();
        std::fs::write(
            root.join("tablewright.toml"),
            format!("dialect = \"postgres\"\n\n[lint]\nlevels = {{ {levels} }}\n"),
        )
        .unwrap();
        let output = tablewright(root, &["generate"]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output));
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let asked = generate("prefer-bigint = \"warning\"");
    assert!(asked.contains("warning[prefer-bigint]"), "{asked}");
    assert!(
        asked.contains("the linter reports on the new migration: 1 warning"),
        "{asked}"
    );
    let off = generate("prefer-bigint = \"off\"");
    assert!(
        !off.contains("prefer-bigint") && !off.contains("the linter reports"),
        "{off}"
    );
    // A misspelt rule: generating goes on, and says why it could not lint.
    let misspelt = generate("prefer-bigin = \"warning\"");
    assert!(
        misspelt.contains("could not lint the new migrations") && misspelt.contains("unknown rule `prefer-bigin`"),
        "{misspelt}"
    );
}

//! Ignore comments: the explicit, reasoned opt-in for one statement or one file.

use tablewright_lint::{lint_sql, Dialect, Options};

fn rules(sql: &str) -> Vec<(usize, &'static str)> {
    lint_sql(sql, Dialect::Postgres, &Options::default())
        .into_iter()
        .map(|f| (f.line, f.rule))
        .collect()
}

const TIMEOUT: &str = "SET LOCAL lock_timeout = '5s';\n";

#[test]
fn a_comment_on_the_line_before_ignores_the_named_rules_for_that_statement_only() {
    let sql = format!(
        "{TIMEOUT}-- tablewright-lint: ignore drop-column (kept in lots_backup)\nALTER TABLE lots DROP COLUMN a;\nALTER TABLE lots DROP COLUMN b;\n"
    );
    assert_eq!(rules(&sql), [(4, "drop-column")]);
}

#[test]
fn other_rules_still_apply_to_the_statement() {
    let sql = "-- tablewright-lint: ignore drop-column (kept in lots_backup)\nALTER TABLE lots DROP COLUMN a;\n";
    assert_eq!(rules(sql), [(2, "missing-lock-timeout")]);
}

#[test]
fn several_rules_in_one_comment() {
    let sql = "-- tablewright-lint: ignore drop-column, missing-lock-timeout (maintenance window)\nALTER TABLE lots DROP COLUMN a;\n";
    assert_eq!(rules(sql), []);
    let sql = "-- tablewright-lint: ignore drop-column missing-lock-timeout\nALTER TABLE lots DROP COLUMN a;\n";
    assert_eq!(rules(sql), []);
}

#[test]
fn a_comment_after_code_applies_to_its_own_line() {
    let sql = format!("{TIMEOUT}DROP TABLE a; -- tablewright-lint: ignore drop-table (disposable)\nDROP TABLE b;\n");
    assert_eq!(rules(&sql), [(3, "drop-table")]);
}

#[test]
fn blank_lines_and_other_comments_may_sit_between() {
    let sql = format!(
        "{TIMEOUT}-- tablewright-lint: ignore drop-table (disposable)\n\n-- Old scratch table.\n/* created by hand in 2024 */\nDROP TABLE scratch;\n"
    );
    assert_eq!(rules(&sql), []);
}

#[test]
fn block_comments_work_too() {
    let sql = format!("{TIMEOUT}/* tablewright-lint: ignore drop-table (disposable) */\nDROP TABLE scratch;\n");
    assert_eq!(rules(&sql), []);
}

#[test]
fn ignore_file_applies_everywhere_wherever_it_is() {
    let sql = "ALTER TABLE lots DROP COLUMN a;\nALTER TABLE lots DROP COLUMN b;\n-- tablewright-lint: ignore-file drop-column, missing-lock-timeout (columns were never used)\n";
    assert_eq!(rules(sql), []);
}

#[test]
fn directives_inside_strings_are_text() {
    let sql = format!(
        "{TIMEOUT}COMMENT ON TABLE lots IS '-- tablewright-lint: ignore-file drop-table';\nDROP TABLE old_lots;\n"
    );
    assert_eq!(rules(&sql), [(3, "drop-table")]);
}

#[test]
fn mistakes_in_directives_are_reported_and_ignore_nothing() {
    let sql = format!(
        "{TIMEOUT}-- tablewright-lint: ignore drop-tabel (typo)\nDROP TABLE old_lots;\n-- tablewright-lint: ignore drop-table (nothing follows)\n"
    );
    let found = lint_sql(&sql, Dialect::Postgres, &Options::default());
    let summary: Vec<(usize, &str, &str)> = found.iter().map(|f| (f.line, f.rule, f.message.as_str())).collect();
    assert_eq!(
        summary,
        [
            (2, "invalid-ignore", "`ignore` names unknown rule `drop-tabel`; did you mean `drop-table`?"),
            (3, "drop-table", "dropping table `old_lots` deletes its rows for good; a down migration can recreate the table, not its data"),
            (4, "invalid-ignore", "`ignore` is followed by no statement"),
        ]
    );
}

#[test]
fn options_can_turn_a_rule_off() {
    let options = Options {
        disabled: ["missing-lock-timeout".to_string()].into(),
        ..Options::default()
    };
    let found = lint_sql("ALTER TABLE lots DROP COLUMN a;", Dialect::Postgres, &options);
    assert_eq!(found.iter().map(|f| f.rule).collect::<Vec<_>>(), ["drop-column"]);
}

/// A project sets a rule's level: a house rule made a warning no longer fails the lint.
#[test]
fn a_project_sets_a_rules_level() {
    let sql = "CREATE TABLE moves (id bigint PRIMARY KEY, lot_id bigint REFERENCES lots (lot_id));\nCREATE INDEX idx_moves_lot_id ON moves (lot_id);";
    let default = tablewright_lint::lint_sql(
        sql,
        tablewright_lint::Dialect::Postgres,
        &tablewright_lint::Options::default(),
    );
    assert_eq!(
        default.iter().map(|f| (f.rule, f.severity)).collect::<Vec<_>>(),
        [("fk-without-on-delete", tablewright_lint::Severity::Error)]
    );
    let options = tablewright_lint::Options {
        levels: [("fk-without-on-delete".to_string(), tablewright_lint::Severity::Warning)].into(),
        ..tablewright_lint::Options::default()
    };
    let relaxed = tablewright_lint::lint_sql(sql, tablewright_lint::Dialect::Postgres, &options);
    assert_eq!(
        relaxed.iter().map(|f| (f.rule, f.severity)).collect::<Vec<_>>(),
        [("fk-without-on-delete", tablewright_lint::Severity::Warning)]
    );
    assert!(!tablewright_lint::has_errors(&relaxed));
}

/// squawk's ignore comments, with its rule names, and diesel-guard's safety-assured blocks keep a
/// team's reviewed exceptions when it switches.
#[test]
fn the_peers_ignore_comments_are_understood() {
    use tablewright_lint::{lint_sql, Dialect, Options};
    let rules = |sql: &str| -> Vec<&'static str> {
        lint_sql(sql, Dialect::Postgres, &Options::default())
            .iter()
            .map(|f| f.rule)
            .collect()
    };
    let squawk = "SET LOCAL lock_timeout = '5s';\n-- squawk-ignore ban-drop-column, prefer-bigint-over-int\nALTER TABLE lots DROP COLUMN legacy_code;\nALTER TABLE lots DROP COLUMN legacy_note;";
    assert_eq!(rules(squawk), ["drop-column"], "only the statement after the comment");
    let file = "-- squawk-ignore-file ban-drop-table\nSET LOCAL lock_timeout = '5s';\nDROP TABLE a;\nDROP TABLE b;";
    assert!(rules(file).is_empty());
    let assured = "SET LOCAL lock_timeout = '5s';\n-- safety-assured:start\nALTER TABLE lots DROP COLUMN legacy_code;\nDROP TABLE old_lots;\n-- safety-assured:end\nDROP TABLE older_lots;";
    assert_eq!(rules(assured), ["drop-table"], "only the statement after the block");
    let open = "SET LOCAL lock_timeout = '5s';\n-- safety-assured:start\nDROP TABLE old_lots;";
    assert_eq!(rules(open), ["invalid-ignore", "drop-table"]);
}

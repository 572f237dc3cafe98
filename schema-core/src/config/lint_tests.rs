//! The `[lint]` table of the settings.

use std::path::Path;

use super::*;

#[test]
fn the_lint_table_holds_levels_and_a_start() {
    let text = "dialect = \"postgres\"\n\n[lint]\nlevels = { fk-without-on-delete = \"warning\", drop-not-null = \"off\", missing-lock-timeout = \"error\" }\nstart_after = \"20240101000000\"\n";
    let config = parse(text, Path::new("tablewright.toml")).unwrap();
    assert_eq!(
        config.lint.levels,
        [
            ("drop-not-null".to_string(), LintLevel::Off),
            ("fk-without-on-delete".to_string(), LintLevel::Warning),
            ("missing-lock-timeout".to_string(), LintLevel::Error),
        ]
    );
    assert_eq!(config.lint.start_after.as_deref(), Some("20240101000000"));
}

#[test]
fn mistakes_in_the_lint_table_say_where_and_the_form() {
    let text = "[lint]\nlevels = { drop-table = \"loud\" }\nstart_afer = \"1\"\n";
    let error = parse(text, Path::new("tablewright.toml")).unwrap_err().to_string();
    assert!(error.contains("tablewright.toml:2"), "{error}");
    assert!(
        error.contains("`lint.levels.drop-table` must be \"error\", \"warning\" or \"off\""),
        "{error}"
    );
    assert!(error.contains("unknown setting `lint.start_afer`"), "{error}");
    assert!(error.contains("levels, start_after"), "{error}");
    let error = parse("lint = 3\n", Path::new("tablewright.toml"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("`lint` must be a table"), "{error}");
}

//! Whatever the input, the linter reports instead of crashing: empty files, comments only,
//! unterminated quotes, stray dollar signs, non-ASCII text, statements no database accepts.

use tablewright_lint::{lint_sql, Dialect, Options};

const INPUTS: &[&str] = &[
    "",
    ";;;",
    "-- only a comment",
    "/* unterminated block comment",
    "SELECT 'unterminated string",
    "CREATE TABLE \"unterminated (a int);",
    "SELECT $1, $$ unterminated dollar",
    "SELECT $tag$ body $tag$; SELECT $notatag",
    "DROP TABLE ü_täble; ALTER TABLE ü_täble ADD COLUMN größe int NOT NULL; -- é",
    "CREATE POLICY p ON t USING (((((((((((((((((((((((((((((((((((((((true)))))))))))))))))))))))))))))))))))))));",
    "CREATE POLICY p ON t USING (current_setting());",
    "CREATE POLICY p ON t USING (current_setting(1, 2, 3)::uuid = nullif());",
    "CREATE POLICY p ON t USING (coalesce() OR nullif(1) IS NULL);",
    "ALTER TABLE t;",
    "ALTER TABLE t RENAME TO t; ALTER TABLE t RENAME TO t;",
    "CREATE TABLE t (a int REFERENCES); garbage garbage garbage;",
    "VACUUM; CLUSTER; REINDEX; DO; DROP INDEX CONCURRENTLY;",
    "CREATE TRIGGER; ALTER TABLE x COMMENT;",
    "-- tablewright-lint: ignore\n-- tablewright-lint:\n-- tablewright-lint: ignore-file\nSELECT 1",
    "SELECT 1 -- tablewright-lint: ignore drop-table",
    "\u{feff}SELECT 1;\r\nDROP TABLE t;\r\n",
];

#[test]
fn odd_inputs_are_reported_not_crashed_on() {
    let big_expression = format!(
        "CREATE POLICY p ON t USING ({}true{});",
        "(".repeat(2000),
        ")".repeat(2000)
    );
    let long_or = format!(
        "CREATE POLICY p ON t USING ({});",
        vec!["tenant_id = NULLIF(current_setting('x', true), '')::uuid"; 500].join(" OR ")
    );
    for dialect in Dialect::ALL {
        for options in [
            Options::default(),
            Options {
                run_in_transaction: false,
                include_down: true,
                ..Options::default()
            },
        ] {
            for input in INPUTS
                .iter()
                .copied()
                .chain([big_expression.as_str(), long_or.as_str()])
            {
                for finding in lint_sql(input, dialect, &options) {
                    assert!(
                        finding.line >= 1 && finding.column >= 1,
                        "{dialect}: {input:?}: {finding}"
                    );
                    assert!(!finding.message.is_empty() && !finding.help.is_empty());
                }
            }
        }
    }
}

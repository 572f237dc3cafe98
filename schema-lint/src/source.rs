//! A migration script as statements with their place in the file, and its comments (where the
//! ignore directives live).
//!
//! Statements are split by the engine's own splitter ([`tablewright_core::sql::statement_ranges`],
//! the one the migrator uses), so the linter sees exactly the statements that will run.

use tablewright_core::sql::{dollar_quote_end, leading_comments_len, skip_quoted, statement_ranges};
use tablewright_core::Dialect;

/// One statement of the script: its code (leading comments removed, no trailing `;`) and where
/// that code starts and ends.
#[derive(Clone, Debug)]
pub(crate) struct Piece {
    pub text: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
}

/// A comment outside string literals and dollar-quoted bodies.
#[derive(Clone, Debug)]
pub(crate) struct Comment {
    pub line: usize,
    pub column: usize,
    /// The comment without `--` or `/* */`, trimmed.
    pub text: String,
    /// Code precedes the comment on its line (`DROP TABLE x; -- ...`).
    pub trailing: bool,
}

/// Where each line of a script starts, to turn byte offsets into lines and columns without
/// rescanning the script from its start for every statement (which made linting quadratic).
pub(crate) struct Lines<'s> {
    script: &'s str,
    starts: Vec<usize>,
}

impl<'s> Lines<'s> {
    pub fn new(script: &'s str) -> Lines<'s> {
        let starts = std::iter::once(0)
            .chain(script.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { script, starts }
    }

    /// Line and column (1-based, columns in characters) of byte `offset`.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|start| *start <= offset);
        let line_start = self.starts[line - 1];
        (line, self.script[line_start..offset].chars().count() + 1)
    }
}

pub(crate) fn pieces(script: &str, dialect: Dialect) -> Vec<Piece> {
    let lines = Lines::new(script);
    // The splitter says where each statement lies: no search for its text afterwards.
    statement_ranges(script, dialect)
        .into_iter()
        .filter_map(|range| {
            let code_start = range.start + leading_comments_len(&script[range.clone()]);
            let text = script[code_start..range.end].trim();
            if text.is_empty() {
                return None;
            }
            let (line, column) = lines.position(code_start);
            let (end_line, _) = lines.position(range.end);
            Some(Piece {
                text: text.to_string(),
                line,
                column,
                end_line,
            })
        })
        .collect()
}

/// Every comment of the script, skipping quoted text and dollar-quoted bodies.
pub(crate) fn comments(script: &str) -> Vec<Comment> {
    let bytes = script.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    let mut code_on_line = false;
    let mut line = 1;
    let mut line_start = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
                code_on_line = false;
                i += 1;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                let end = script[i..].find('\n').map_or(bytes.len(), |e| i + e);
                found.push(Comment {
                    line,
                    column: script[line_start..i].chars().count() + 1,
                    text: script[i + 2..end].trim().to_string(),
                    trailing: code_on_line,
                });
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = script[i + 2..].find("*/").map_or(bytes.len(), |e| i + 2 + e);
                found.push(Comment {
                    line,
                    column: script[line_start..i].chars().count() + 1,
                    text: script[i + 2..end].trim().to_string(),
                    trailing: code_on_line,
                });
                let close = (end + 2).min(bytes.len());
                advance(script, i, close, &mut line, &mut line_start);
                i = close;
            }
            quote @ (b'\'' | b'"' | b'`') => {
                let end = skip_quoted(bytes, i, quote);
                advance(script, i, end, &mut line, &mut line_start);
                code_on_line = true;
                i = end;
            }
            b'$' => match dollar_quote_end(script, i) {
                Some(end) => {
                    advance(script, i, end, &mut line, &mut line_start);
                    code_on_line = true;
                    i = end;
                }
                None => {
                    code_on_line = true;
                    i += 1;
                }
            },
            c => {
                if !c.is_ascii_whitespace() {
                    code_on_line = true;
                }
                i += 1;
            }
        }
    }
    found
}

/// Counts the lines of `script[from..to]`, skipped as a whole.
fn advance(script: &str, from: usize, to: usize, line: &mut usize, line_start: &mut usize) {
    let skipped = &script[from..to];
    *line += skipped.matches('\n').count();
    if let Some(last) = skipped.rfind('\n') {
        *line_start = from + last + 1;
    }
}

/// The first line of a statement, shortened, for messages and excerpts.
pub(crate) fn excerpt(text: &str) -> String {
    const MAX: usize = 100;
    let first = text.lines().next().unwrap_or_default().trim_end();
    let more = text.lines().nth(1).is_some();
    if first.chars().count() > MAX {
        let cut: String = first.chars().take(MAX - 3).collect();
        format!("{cut}...")
    } else if more {
        format!("{first} ...")
    } else {
        first.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_know_where_their_code_starts() {
        let script = "-- header\nBEGIN;\n\n  -- about t\n  CREATE TABLE t (\n    a int\n  );\nSELECT 'x;y'";
        let found = pieces(script, Dialect::Postgres);
        let summary: Vec<(String, usize, usize, usize)> = found
            .iter()
            .map(|p| (p.text.clone(), p.line, p.column, p.end_line))
            .collect();
        assert_eq!(
            summary,
            [
                ("BEGIN".to_string(), 2, 1, 2),
                ("CREATE TABLE t (\n    a int\n  )".to_string(), 5, 3, 7),
                ("SELECT 'x;y'".to_string(), 8, 1, 8),
            ]
        );
    }

    #[test]
    fn positions_of_offsets() {
        let script = "ab\ncé\n\nd";
        let lines = Lines::new(script);
        assert_eq!(lines.position(0), (1, 1));
        assert_eq!(lines.position(2), (1, 3));
        assert_eq!(lines.position(3), (2, 1));
        assert_eq!(lines.position(6), (2, 3));
        assert_eq!(lines.position(7), (3, 1));
        assert_eq!(lines.position(8), (4, 1));
    }

    #[test]
    fn a_statement_repeated_in_a_comment_is_found_where_it_runs() {
        let script = "SELECT 1; -- SELECT 2\n;\nSELECT 2;";
        let found = pieces(script, Dialect::Postgres);
        assert_eq!(found.len(), 2);
        assert_eq!((found[1].line, found[1].column), (3, 1));
    }

    #[test]
    fn comments_outside_strings_and_bodies() {
        let script = "SELECT '-- no'; -- yes 1\n/* yes\n2 */ CREATE FUNCTION f() AS $$ -- no $$;\n-- yes 3";
        let found: Vec<(usize, String, bool)> = comments(script)
            .into_iter()
            .map(|c| (c.line, c.text, c.trailing))
            .collect();
        assert_eq!(
            found,
            [
                (1, "yes 1".to_string(), true),
                (2, "yes\n2".to_string(), false),
                (4, "yes 3".to_string(), false),
            ]
        );
    }

    #[test]
    fn excerpts_are_one_short_line() {
        assert_eq!(excerpt("DROP TABLE t"), "DROP TABLE t");
        assert_eq!(excerpt("CREATE TABLE t (\n a int\n)"), "CREATE TABLE t ( ...");
        assert_eq!(excerpt(&"x".repeat(150)).chars().count(), 100);
    }
}

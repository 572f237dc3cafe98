//! CSV seed files: a header row of column names, then one row per record. Every field is text;
//! an empty field is NULL (write `""` inside quotes for an empty string).
//!
//! The format is RFC 4180's: fields separated by `,`, records by a line end (`\n` or `\r\n`), a
//! field in double quotes may hold `,`, line ends and `""` (one quote). Blank lines are skipped.
//! Read here rather than with a CSV crate: the build script's dependencies are compiled, and
//! checked on every no-op build, by every application.

use std::path::PathBuf;
use std::sync::Arc;

use super::{Cell, RawValue, Row};
use crate::diagnostic::Diagnostic;
use crate::model::Origin;

pub fn rows(text: &str, file: &Arc<PathBuf>) -> (Vec<Row>, Vec<Diagnostic>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let at = |line: usize| Origin::at(Some(file.clone()), line, 1);
    let mut records = Records::new(text);
    let header: Vec<String> = match records.next() {
        Some(Ok(header)) => header.fields.iter().map(|f| f.text.trim().to_string()).collect(),
        Some(Err(unclosed)) => {
            problems.push(Diagnostic::error(
                "seed-file",
                &at(unclosed.line),
                "the header row does not read as CSV: a quoted field is never closed".to_string(),
            ));
            return (rows, problems);
        }
        None => return (rows, problems),
    };
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(unclosed) => {
                problems.push(
                    Diagnostic::error(
                        "seed-file",
                        &at(unclosed.line),
                        "this row does not read as CSV: a quoted field is never closed".to_string(),
                    )
                    .help("close the field with `\"`; write a quote inside it as `\"\"`"),
                );
                break;
            }
        };
        if record.fields.len() != header.len() {
            problems.push(
                Diagnostic::error(
                    "seed-file",
                    &at(record.line),
                    format!(
                        "this row does not read as CSV: it has {}, the header has {}",
                        fields(record.fields.len()),
                        fields(header.len())
                    ),
                )
                .help("every row needs as many fields as the header; quote a field that holds a comma"),
            );
            continue;
        }
        let cells = header
            .iter()
            .zip(record.fields)
            .map(|(column, field)| Cell {
                column: column.clone(),
                origin: at(record.line),
                value: if field.text.is_empty() && !field.quoted {
                    RawValue::Null
                } else {
                    RawValue::Text(field.text)
                },
            })
            .collect();
        rows.push(Row {
            origin: at(record.line),
            cells,
        });
    }
    (rows, problems)
}

fn fields(n: usize) -> String {
    if n == 1 {
        "1 field".to_string()
    } else {
        format!("{n} fields")
    }
}

/// One field: its text (quotes removed, `""` read as `"`), and whether it was quoted.
struct Field {
    text: String,
    quoted: bool,
}

/// One record and the 1-based line it starts on.
struct Record {
    line: usize,
    fields: Vec<Field>,
}

/// A quoted field that runs to the end of the file, from the record starting at `line`.
struct Unclosed {
    line: usize,
}

/// The records of a CSV text, in order, blank lines skipped.
struct Records<'a> {
    rest: std::iter::Peekable<std::str::Chars<'a>>,
    /// The line the next character is on.
    line: usize,
}

impl<'a> Records<'a> {
    fn new(text: &'a str) -> Self {
        Records {
            rest: text.strip_prefix('\u{feff}').unwrap_or(text).chars().peekable(),
            line: 1,
        }
    }

    /// Ends a record at a line end (`\r\n` counts once).
    fn line_end(&mut self, c: char) -> bool {
        match c {
            '\n' => {
                self.line += 1;
                true
            }
            '\r' => {
                self.rest.next_if_eq(&'\n');
                self.line += 1;
                true
            }
            _ => false,
        }
    }
}

impl Iterator for Records<'_> {
    type Item = Result<Record, Unclosed>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.rest.peek()?;
            let line = self.line;
            let mut fields = Vec::new();
            let mut field = Field {
                text: String::new(),
                quoted: false,
            };
            let mut inside = false;
            loop {
                let Some(c) = self.rest.next() else {
                    if inside {
                        return Some(Err(Unclosed { line }));
                    }
                    break;
                };
                if inside {
                    match c {
                        // `""` is a quote; a lone `"` closes the field.
                        '"' if self.rest.next_if_eq(&'"').is_some() => field.text.push('"'),
                        '"' => inside = false,
                        '\n' | '\r' => {
                            // A line end inside quotes is part of the field.
                            field.text.push(c);
                            if c == '\r' && self.rest.next_if_eq(&'\n').is_some() {
                                field.text.push('\n');
                            }
                            self.line += 1;
                        }
                        _ => field.text.push(c),
                    }
                    continue;
                }
                match c {
                    '"' if field.text.is_empty() && !field.quoted => {
                        field.quoted = true;
                        inside = true;
                    }
                    ',' => fields.push(std::mem::replace(
                        &mut field,
                        Field {
                            text: String::new(),
                            quoted: false,
                        },
                    )),
                    _ if self.line_end(c) => break,
                    _ => field.text.push(c),
                }
            }
            let blank = fields.is_empty() && field.text.is_empty() && !field.quoted;
            if blank {
                continue;
            }
            fields.push(field);
            return Some(Ok(Record { line, fields }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(usize, Vec<(String, bool)>)> {
        Records::new(text)
            .map(|r| {
                let r = r.unwrap_or_else(|u| panic!("unclosed at line {}", u.line));
                (r.line, r.fields.into_iter().map(|f| (f.text, f.quoted)).collect())
            })
            .collect()
    }

    fn plain(texts: &[&str]) -> Vec<(String, bool)> {
        texts.iter().map(|t| (t.to_string(), false)).collect()
    }

    #[test]
    fn records_fields_and_lines() {
        assert_eq!(
            read("id,name\n1,apple\r\n\n2,\n"),
            vec![
                (1, plain(&["id", "name"])),
                (2, plain(&["1", "apple"])),
                (4, plain(&["2", ""])),
            ]
        );
        assert_eq!(read("\u{feff}a,b"), vec![(1, plain(&["a", "b"]))], "a BOM is not text");
        assert!(read("").is_empty());
    }

    #[test]
    fn quoted_fields() {
        assert_eq!(
            read("\"a, b\",\"say \"\"hi\"\"\",\"\"\n\"two\nlines\",x\n3,y"),
            vec![
                (
                    1,
                    vec![
                        ("a, b".to_string(), true),
                        ("say \"hi\"".to_string(), true),
                        (String::new(), true),
                    ]
                ),
                (2, vec![("two\nlines".to_string(), true), ("x".to_string(), false)]),
                (4, plain(&["3", "y"])),
            ]
        );
        // A quote inside an unquoted field is text.
        assert_eq!(read("5\"6,x"), vec![(1, plain(&["5\"6", "x"]))]);
    }

    #[test]
    fn an_unclosed_quote_is_an_error_at_its_record() {
        let mut records = Records::new("a,b\n1,\"open\n2,3\n");
        assert!(records.next().unwrap().is_ok());
        assert_eq!(records.next().unwrap().err().map(|u| u.line), Some(2));
    }

    #[test]
    fn rows_with_the_wrong_number_of_fields_are_reported_at_their_line() {
        let file = Arc::new(PathBuf::from("seeds/t.csv"));
        let (rows, problems) = rows("id,name\n1,a\n2\n3,\"\"\n4,\n", &file);
        assert_eq!(rows.len(), 3);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].message,
            "this row does not read as CSV: it has 1 field, the header has 2 fields"
        );
        assert!(matches!(&rows[1].cells[1].value, RawValue::Text(t) if t.is_empty()));
        assert!(matches!(rows[2].cells[1].value, RawValue::Null));
    }
}

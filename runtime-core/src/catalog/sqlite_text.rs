//! SQLite keeps constraint names, check expressions, deferrability and index predicates only in
//! the `CREATE TABLE` / `CREATE INDEX` text it stores in `sqlite_schema`; its pragmas do not report
//! them. This reads them from that text (its normal form: the text as the database keeps it),
//! with the SQL lexer, so strings, quoted names and comments are never mistaken for keywords.

use crate::dialect::Dialect;
use crate::sql::lex::{tokens, Kind};

/// The named constraints of a `CREATE TABLE` text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableText {
    pub primary_key_name: Option<String>,
    /// Check constraints by name, with their expression as written (`CONSTRAINT n CHECK (expr)`).
    /// A check without a name is called `<table>_check<n>`, counting from 1 in text order.
    pub checks: Vec<(String, String)>,
    pub foreign_keys: Vec<ForeignKeyText>,
    /// Generated columns by name, with their expression as written (`[GENERATED ALWAYS] AS
    /// (expr)`).
    pub generated: Vec<(String, String)>,
}

/// A table-level `FOREIGN KEY` clause.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ForeignKeyText {
    /// Empty for a clause without `CONSTRAINT name`.
    pub name: String,
    pub columns: Vec<String>,
    /// `NOT DEFERRABLE`, `DEFERRABLE INITIALLY IMMEDIATE` or `DEFERRABLE INITIALLY DEFERRED`.
    pub deferrable: String,
}

/// One word, quoted name, string or punctuation mark, with where it is in the text.
#[derive(Clone, Debug)]
struct Word {
    /// Upper-cased for keywords and bare names; unquoted for quoted names.
    text: String,
    quoted: bool,
    start: usize,
    end: usize,
}

impl Word {
    fn is(&self, keyword: &str) -> bool {
        !self.quoted && self.text == keyword
    }

    /// As a name: unquoted, or as written (a bare name keeps its case).
    fn name(&self, sql: &str) -> String {
        if self.quoted {
            self.text.clone()
        } else {
            sql[self.start..self.end].to_string()
        }
    }
}

fn words(sql: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for token in tokens(sql, Dialect::Sqlite) {
        let text = &sql[token.start..token.end];
        match token.kind {
            Kind::Comment => {}
            Kind::String => out.push(Word {
                text: text.to_string(),
                quoted: true,
                start: token.start,
                end: token.end,
            }),
            Kind::Identifier => {
                let inner = &text[1..text.len().saturating_sub(1).max(1)];
                let close = text.chars().last().unwrap_or('"');
                out.push(Word {
                    text: inner.replace(&format!("{close}{close}"), &close.to_string()),
                    quoted: true,
                    start: token.start,
                    end: token.end,
                })
            }
            Kind::Code => {
                let mut i = 0;
                let bytes = text.as_bytes();
                while i < bytes.len() {
                    let c = bytes[i];
                    if c.is_ascii_whitespace() {
                        i += 1;
                    } else if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
                        let begin = i;
                        while i < bytes.len()
                            && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80)
                        {
                            i += 1;
                        }
                        out.push(Word {
                            text: text[begin..i].to_ascii_uppercase(),
                            quoted: false,
                            start: token.start + begin,
                            end: token.start + i,
                        });
                    } else {
                        out.push(Word {
                            text: (c as char).to_string(),
                            quoted: false,
                            start: token.start + i,
                            end: token.start + i + 1,
                        });
                        i += 1;
                    }
                }
            }
        }
    }
    out
}

/// The index just past the parenthesis that closes the one at `open`.
fn closing(words: &[Word], open: usize) -> usize {
    let mut depth = 0;
    for (i, w) in words.iter().enumerate().skip(open) {
        if w.is("(") {
            depth += 1;
        } else if w.is(")") {
            depth -= 1;
            if depth == 0 {
                return i;
            }
        }
    }
    words.len()
}

/// Reads the constraints of a `CREATE TABLE` text.
pub fn table_constraints(table: &str, sql: &str) -> TableText {
    let words = words(sql);
    let mut found = TableText::default();
    let mut depth = 0;
    let mut unnamed_checks = 0;
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        if word.is("(") {
            depth += 1;
            i += 1;
            continue;
        }
        if word.is(")") {
            depth -= 1;
            i += 1;
            continue;
        }
        if depth != 1 {
            i += 1;
            continue;
        }
        let (name, at) = if word.is("CONSTRAINT") && i + 1 < words.len() {
            (Some(words[i + 1].name(sql)), i + 2)
        } else {
            (None, i)
        };
        let Some(keyword) = words.get(at) else { break };
        if keyword.is("CHECK") && words.get(at + 1).is_some_and(|w| w.is("(")) {
            let close = closing(&words, at + 1);
            let expr = sql[words[at + 1].end..words.get(close).map_or(sql.len(), |w| w.start)].trim();
            let name = name.unwrap_or_else(|| {
                unnamed_checks += 1;
                format!("{table}_check{unnamed_checks}")
            });
            found.checks.push((name, expr.to_string()));
            i = close + 1;
            continue;
        }
        if keyword.is("PRIMARY") && name.is_some() {
            found.primary_key_name = name;
            i = at + 1;
            continue;
        }
        if keyword.is("FOREIGN") && words.get(at + 2).is_some_and(|w| w.is("(")) {
            let close = closing(&words, at + 2);
            let columns = words[at + 3..close.min(words.len())]
                .iter()
                .filter(|w| !w.is(","))
                .map(|w| {
                    if w.quoted {
                        w.text.clone()
                    } else {
                        sql[w.start..w.end].to_string()
                    }
                })
                .collect();
            // The clause runs to the next comma (or the table's closing parenthesis) at this depth.
            let mut end = close + 1;
            let mut inner = 0;
            while end < words.len() {
                let w = &words[end];
                if w.is("(") {
                    inner += 1;
                } else if w.is(")") {
                    if inner == 0 {
                        break;
                    }
                    inner -= 1;
                } else if w.is(",") && inner == 0 {
                    break;
                }
                end += 1;
            }
            let clause = &words[close + 1..end.min(words.len())];
            found.foreign_keys.push(ForeignKeyText {
                name: name.unwrap_or_default(),
                columns,
                deferrable: deferrable(clause),
            });
            i = end;
            continue;
        }
        i += 1;
    }
    found.generated = generated_columns(sql, &words);
    found
}

/// The `AS (expr)` of each generated column: a column definition's `AS` at the table's own depth
/// (an `AS` inside a default or check is deeper), followed by a parenthesis.
fn generated_columns(sql: &str, words: &[Word]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut depth = 0;
    let mut element_start = None;
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        if word.is("(") {
            depth += 1;
            if depth == 1 {
                element_start = Some(i + 1);
            }
        } else if word.is(")") {
            depth -= 1;
        } else if depth == 1 && word.is(",") {
            element_start = Some(i + 1);
        } else if depth == 1 && word.is("AS") && words.get(i + 1).is_some_and(|w| w.is("(")) {
            let close = closing(words, i + 1);
            if let Some(column) = element_start.and_then(|at| words.get(at)) {
                let expr = sql[words[i + 1].end..words.get(close).map_or(sql.len(), |w| w.start)].trim();
                found.push((column.name(sql), expr.to_string()));
            }
            i = close + 1;
            continue;
        }
        i += 1;
    }
    found
}

/// SQLite's reading of a deferrable clause: `DEFERRABLE` alone, or `INITIALLY IMMEDIATE`, is
/// immediate; `NOT DEFERRABLE` is never deferred, whatever follows.
fn deferrable(clause: &[Word]) -> String {
    let position = clause.iter().position(|w| w.is("DEFERRABLE"));
    let Some(at) = position else {
        return "NOT DEFERRABLE".into();
    };
    if at > 0 && clause[at - 1].is("NOT") {
        return "NOT DEFERRABLE".into();
    }
    let deferred = clause[at..]
        .windows(2)
        .any(|w| w[0].is("INITIALLY") && w[1].is("DEFERRED"));
    if deferred {
        "DEFERRABLE INITIALLY DEFERRED".into()
    } else {
        "DEFERRABLE INITIALLY IMMEDIATE".into()
    }
}

/// The `WHERE` clause of a `CREATE INDEX` text, as written.
pub fn index_predicate(sql: &str) -> Option<String> {
    let words = words(sql);
    let mut depth = 0;
    for w in &words {
        if w.is("(") {
            depth += 1;
        } else if w.is(")") {
            depth -= 1;
        } else if depth == 0 && w.is("WHERE") {
            return Some(sql[w.end..].trim().trim_end_matches(';').trim().to_string());
        }
    }
    None
}

/// The keys of a `CREATE INDEX` text, as written, without their `COLLATE`, `ASC` or `DESC` and
/// without parentheses around the whole key (`(lower(email)) DESC` is `lower(email)`): what
/// SQLite's pragmas do not report of an expression key.
pub fn index_keys(sql: &str) -> Vec<String> {
    let words = words(sql);
    let Some(on) = words.iter().position(|w| w.is("ON")) else {
        return Vec::new();
    };
    let Some(open) = words[on..].iter().position(|w| w.is("(")).map(|i| i + on) else {
        return Vec::new();
    };
    let close = closing(&words, open);
    let mut keys = Vec::new();
    let mut start = open + 1;
    let mut depth = 0;
    for i in open + 1..=close.min(words.len().saturating_sub(1)) {
        let w = &words[i];
        if w.is("(") {
            depth += 1;
        } else if w.is(")") && depth > 0 {
            depth -= 1;
        } else if depth == 0 && (w.is(",") || i == close) {
            keys.push(key_text(sql, &words[start..i]));
            start = i + 1;
        }
    }
    keys
}

/// One key's words without a trailing `COLLATE x`, `ASC` or `DESC`, and without parentheses
/// around all of it.
fn key_text(sql: &str, key: &[Word]) -> String {
    let mut end = key.len();
    while end > 0 {
        if key[end - 1].is("ASC") || key[end - 1].is("DESC") {
            end -= 1;
        } else if end >= 2 && key[end - 2].is("COLLATE") {
            end -= 2;
        } else {
            break;
        }
    }
    let mut key = &key[..end];
    while key.len() >= 2 && key[0].is("(") && closing(key, 0) == key.len() - 1 {
        key = &key[1..key.len() - 1];
    }
    match (key.first(), key.last()) {
        (Some(first), Some(last)) => sql[first.start..last.end].to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_columns_as_written() {
        let sql = r#"CREATE TABLE "t" (
    "a" INTEGER NOT NULL DEFAULT (CAST(1 AS INTEGER)),
    "total" NUMERIC GENERATED ALWAYS AS ("a" * (2 + 1)) STORED NOT NULL,
    short TEXT AS (upper('as (')) VIRTUAL,
    CONSTRAINT "t_a_check" CHECK (CAST("a" AS TEXT) <> '')
)"#;
        let found = super::table_constraints("t", sql).generated;
        assert_eq!(
            found,
            [
                ("total".to_string(), r#""a" * (2 + 1)"#.to_string()),
                ("short".to_string(), "upper('as (')".to_string())
            ]
        );
    }

    #[test]
    fn index_keys_as_written() {
        let sql =
            r#"CREATE INDEX "i" ON "t" ("a", (lower("b")) DESC, "c" COLLATE NOCASE ASC, (x + 1) * 2) WHERE a > 0"#;
        assert_eq!(index_keys(sql), [r#""a""#, r#"lower("b")"#, r#""c""#, "(x + 1) * 2"]);
    }

    use super::*;

    #[test]
    fn named_checks_keys_and_deferrable_foreign_keys() {
        let sql = r#"CREATE TABLE "lots" (
    "id" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'a,(b' CONSTRAINT "lots_status_check" CHECK ("status" IN ('a,(b', 'c')),
    "qty" INTEGER CHECK (qty > 0),
    "loc" INTEGER,
    CONSTRAINT lots_pkey PRIMARY KEY ("id"),
    CONSTRAINT "lots_qty_check" CHECK ((qty) >= 0 /* CHECK (x) */),
    CONSTRAINT "fk_lots_loc" FOREIGN KEY ("loc") REFERENCES "locs" ("id") ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (loc) REFERENCES other (id) NOT DEFERRABLE INITIALLY DEFERRED
)"#;
        let found = table_constraints("lots", sql);
        assert_eq!(found.primary_key_name.as_deref(), Some("lots_pkey"));
        assert_eq!(
            found.checks,
            vec![
                (
                    "lots_status_check".to_string(),
                    "\"status\" IN ('a,(b', 'c')".to_string()
                ),
                ("lots_check1".to_string(), "qty > 0".to_string()),
                ("lots_qty_check".to_string(), "(qty) >= 0 /* CHECK (x) */".to_string()),
            ]
        );
        assert_eq!(
            found.foreign_keys,
            vec![
                ForeignKeyText {
                    name: "fk_lots_loc".into(),
                    columns: vec!["loc".into()],
                    deferrable: "DEFERRABLE INITIALLY DEFERRED".into(),
                },
                ForeignKeyText {
                    name: String::new(),
                    columns: vec!["loc".into()],
                    deferrable: "NOT DEFERRABLE".into(),
                },
            ]
        );
    }

    #[test]
    fn index_predicates() {
        assert_eq!(
            index_predicate(r#"CREATE INDEX "i" ON "t" ("a" DESC) WHERE "b" = 'WHERE' AND c IS NOT NULL"#).as_deref(),
            Some(r#""b" = 'WHERE' AND c IS NOT NULL"#)
        );
        assert_eq!(index_predicate(r#"CREATE INDEX "where" ON "t" (a)"#), None);
    }
}

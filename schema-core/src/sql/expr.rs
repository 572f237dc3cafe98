//! SQL expressions written in a schema (`CHECK`, partial-index `WHERE`, `DEFAULT`).
//!
//! They are SQL by nature, so they are passed through, but only after a scan proves each one is a
//! single expression: quotes closed, parentheses balanced, no `;`, no comment that could swallow
//! the rest of a statement, no dollar quote, and no backslash outside a string or before a quote
//! or another backslash inside one (where MySQL's escapes would end the string elsewhere than
//! PostgreSQL and SQLite do; a regular expression's `'\.'` ends in the same place on all). A
//! hostile or mistyped expression is an error at the schema, never a broken or hijacked migration. This scan needs no database; once the database is
//! known, the checks read each expression again as that database does
//! ([`super::one_expression`]).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A validated SQL expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SqlExpr(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExprError {
    #[error("the expression is empty")]
    Empty,
    #[error("unterminated {0} starting at character {1}")]
    Unterminated(&'static str, usize),
    #[error("unbalanced `)` at character {0}")]
    UnbalancedClose(usize),
    #[error("{0} `(` never closed")]
    UnclosedOpen(usize),
    #[error("`{0}` at character {1} would end the statement; write a single expression")]
    Forbidden(&'static str, usize),
    #[error("NUL characters cannot appear in SQL")]
    Nul,
}

impl SqlExpr {
    pub fn parse(text: &str) -> Result<SqlExpr, ExprError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ExprError::Empty);
        }
        if text.contains('\0') {
            return Err(ExprError::Nul);
        }
        scan(text)?;
        Ok(SqlExpr(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The bare words of the expression (column names among them, quoted ones unquoted).
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.0.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty())
    }

    /// Whether the expression reads `column` (as a bare or quoted word).
    pub fn reads(&self, column: &str) -> bool {
        self.words().any(|word| word == column)
    }

    /// The expression with each word `replace` gives a name for replaced by it (renaming a
    /// column keeps an expression valid).
    pub fn replace_words(&self, replace: impl Fn(&str) -> Option<String>) -> SqlExpr {
        let mut out = String::new();
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            if !word.is_empty() {
                out.push_str(&replace(word).unwrap_or_else(|| word.clone()));
                word.clear();
            }
        };
        for c in self.0.chars() {
            if is_word_char(c) {
                word.push(c);
            } else {
                flush(&mut word, &mut out);
                out.push(c);
            }
        }
        flush(&mut word, &mut out);
        SqlExpr(out)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn scan(text: &str) -> Result<(), ExprError> {
    let chars: Vec<char> = text.chars().collect();
    let mut depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' | '"' | '`' => {
                let what = match c {
                    '\'' => "string literal",
                    _ => "quoted identifier",
                };
                let start = i;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(ExprError::Unterminated(what, start + 1)),
                        // An escape on MySQL and in PostgreSQL's E'' strings, a plain character
                        // elsewhere: before a quote or a backslash the string would end in
                        // different places; before anything else, in the same one.
                        Some('\\') if matches!(chars.get(i + 1), Some('\'' | '"' | '`' | '\\') | None) => {
                            return Err(ExprError::Forbidden("\\", i + 1))
                        }
                        // A doubled quote is an escaped quote inside the literal.
                        Some(&q) if q == c && chars.get(i + 1) == Some(&c) => i += 2,
                        Some(&q) if q == c => break,
                        Some(_) => i += 1,
                    }
                }
            }
            '(' => depth += 1,
            ')' => depth = depth.checked_sub(1).ok_or(ExprError::UnbalancedClose(i + 1))?,
            ';' => return Err(ExprError::Forbidden(";", i + 1)),
            '-' if chars.get(i + 1) == Some(&'-') => return Err(ExprError::Forbidden("--", i + 1)),
            '/' if chars.get(i + 1) == Some(&'*') => return Err(ExprError::Forbidden("/*", i + 1)),
            '#' => return Err(ExprError::Forbidden("#", i + 1)), // a comment on MySQL
            '$' if chars
                .get(i + 1)
                .is_some_and(|n| *n == '$' || *n == '_' || n.is_alphabetic()) =>
            {
                return Err(ExprError::Forbidden("$", i + 1)); // dollar quoting
            }
            '\\' => return Err(ExprError::Forbidden("\\", i + 1)),
            _ => {}
        }
        i += 1;
    }
    if depth > 0 {
        return Err(ExprError::UnclosedOpen(depth));
    }
    Ok(())
}

impl fmt::Display for SqlExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for SqlExpr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SqlExpr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        SqlExpr::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_expressions_pass() {
        for ok in [
            "capacity_weight > 0 AND capacity_volume > 0",
            "current_utilization BETWEEN 0 AND 100",
            "name <> 'it''s; -- fine inside a string'",
            "\"weird\"\"name\" IS NOT NULL",
            "coalesce(a, (b + 1)) - 2 > 0",
            r"(VALUE)::text ~ '^[0-9]+\.[0-9]+'::text",
        ] {
            SqlExpr::parse(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
    }

    #[test]
    fn statement_breakers_are_refused() {
        let cases = [
            ("", ExprError::Empty),
            ("a > 0); DROP TABLE lots; --", ExprError::UnbalancedClose(6)),
            ("a > 0; DROP TABLE lots", ExprError::Forbidden(";", 6)),
            ("a > 0 -- trailing", ExprError::Forbidden("--", 7)),
            ("a > 0 /* x */", ExprError::Forbidden("/*", 7)),
            ("a = 'open", ExprError::Unterminated("string literal", 5)),
            ("(a > 0", ExprError::UnclosedOpen(1)),
            ("a = $$x$$", ExprError::Forbidden("$", 5)),
            ("a = $_$x$_$", ExprError::Forbidden("$", 5)),
            (r"a = 'it\'s'", ExprError::Forbidden("\\", 8)),
            (r"a = E'\''", ExprError::Forbidden("\\", 7)),
            (r"a = 'x\\'", ExprError::Forbidden("\\", 7)),
            (r"a = 'x\", ExprError::Forbidden("\\", 7)),
            (r"a = \x", ExprError::Forbidden("\\", 5)),
        ];
        for (input, expected) in cases {
            assert_eq!(SqlExpr::parse(input), Err(expected), "{input}");
        }
        assert_eq!(SqlExpr::parse("a\0"), Err(ExprError::Nul));
    }
}

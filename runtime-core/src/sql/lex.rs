//! Where the strings, quoted identifiers and comments of an SQL text are, per dialect: what the
//! statement splitter and the expression scanner must skip. Each dialect's every form:
//!
//! - PostgreSQL: `'...'` (a quote is doubled; `standard_conforming_strings`, which the migrator
//!   turns on), `E'...'` (backslash escapes too), `U&'...'`, `B'...'`, `X'...'`, `N'...'`,
//!   `$tag$...$tag$` (a tag is empty or an identifier, which may start with `_`), `"..."`, `--`
//!   and nested `/* */` comments.
//! - MySQL/MariaDB: `'...'` and `"..."` with backslash escapes and doubled quotes (the migrator
//!   turns `NO_BACKSLASH_ESCAPES` off), `` `...` ``, `-- ` (followed by a blank), `#` and
//!   `/* */` comments.
//! - SQLite: `'...'`, `"..."`, `` `...` ``, `[...]`, `--` and `/* */` comments.
//!
//! An unterminated string or comment runs to the end of the text, as the database reads it.

use crate::dialect::Dialect;

/// What a stretch of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Anything else: keywords, names, numbers, operators, blanks.
    Code,
    /// A string literal, quotes and prefix included.
    String,
    /// A quoted identifier, quotes included.
    Identifier,
    Comment,
}

/// One stretch of the text, as byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// The text cut into code, strings, quoted identifiers and comments, in order; every byte belongs
/// to exactly one token.
pub fn tokens(text: &str, dialect: Dialect) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens: Vec<Token> = Vec::new();
    let mut push = |kind: Kind, start: usize, end: usize| {
        if let Some(last) = tokens.last_mut() {
            if last.kind == Kind::Code && kind == Kind::Code {
                last.end = end;
                return;
            }
        }
        tokens.push(Token { kind, start, end });
    };
    let mut i = 0;
    while i < bytes.len() {
        match special_at(text, i, dialect) {
            Some((kind, end)) => {
                push(kind, i, end);
                i = end;
            }
            None => {
                // Code runs to the next byte that may open something else: looked for in bytes,
                // not one character at a time (most of a long script is code).
                let next = i + text[i..].chars().next().map_or(1, char::len_utf8);
                let end = (next..bytes.len()).find(|&j| may_open(bytes, j)).unwrap_or(bytes.len());
                push(Kind::Code, i, end);
                i = end;
            }
        }
    }
    tokens
}

/// Whether a string, quoted identifier or comment may start at byte `j` in some dialect
/// ([`special_at`] decides): every such start is an ASCII byte of these, so the code between them
/// is skipped whole.
fn may_open(bytes: &[u8], j: usize) -> bool {
    match bytes[j] {
        b'-' | b'#' | b'/' | b'\'' | b'"' | b'`' | b'[' | b'$' => true,
        // A prefixed string: `E'...'`, `U&'...'`, `N'...'`, ...
        b'E' | b'e' | b'U' | b'u' | b'B' | b'b' | b'X' | b'x' | b'N' | b'n' => {
            matches!(bytes.get(j + 1), Some(b'\'' | b'&'))
        }
        _ => false,
    }
}

/// A string, quoted identifier or comment starting at `i`, with the offset just past it.
fn special_at(text: &str, i: usize, dialect: Dialect) -> Option<(Kind, usize)> {
    let bytes = text.as_bytes();
    let at = |j: usize| bytes.get(j).copied();
    let word_before = i > 0 && is_word(bytes[i - 1]);
    match (bytes[i], dialect) {
        (b'-', _) if at(i + 1) == Some(b'-') => {
            // MySQL needs a blank (or the end) after `--`; `1--1` is arithmetic there.
            let comment = dialect != Dialect::Mysql || at(i + 2).is_none_or(|c| c.is_ascii_whitespace() || c < 0x20);
            comment.then(|| (Kind::Comment, line_end(bytes, i)))
        }
        (b'#', Dialect::Mysql) => Some((Kind::Comment, line_end(bytes, i))),
        (b'/', _) if at(i + 1) == Some(b'*') => Some((Kind::Comment, block_comment_end(bytes, i, dialect))),
        (b'\'', Dialect::Mysql) | (b'"', Dialect::Mysql) => Some((Kind::String, quoted_end(bytes, i, true))),
        (b'\'', _) => Some((Kind::String, quoted_end(bytes, i, false))),
        (b'"', _) => Some((Kind::Identifier, quoted_end(bytes, i, false))),
        (b'`', Dialect::Mysql | Dialect::Sqlite) => Some((Kind::Identifier, quoted_end(bytes, i, false))),
        (b'[', Dialect::Sqlite) => Some((Kind::Identifier, text[i..].find(']').map_or(bytes.len(), |e| i + e + 1))),
        (b'$', Dialect::Postgres) if !word_before => dollar_quoted_end(text, i).map(|end| (Kind::String, end)),
        (b'E' | b'e', Dialect::Postgres) if !word_before && at(i + 1) == Some(b'\'') => {
            Some((Kind::String, quoted_end(bytes, i + 1, true)))
        }
        (b'U' | b'u', Dialect::Postgres) if !word_before && at(i + 1) == Some(b'&') && at(i + 2) == Some(b'\'') => {
            Some((Kind::String, quoted_end(bytes, i + 2, false)))
        }
        (b'B' | b'b' | b'X' | b'x' | b'N' | b'n', _) if !word_before && at(i + 1) == Some(b'\'') => {
            // MySQL's N'...' and X'...' take backslash escapes like any of its strings.
            Some((Kind::String, quoted_end(bytes, i + 1, dialect == Dialect::Mysql)))
        }
        _ => None,
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn line_end(bytes: &[u8], i: usize) -> usize {
    bytes[i..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |e| i + e)
}

/// Past the `*/` closing the comment at `i`; PostgreSQL nests them.
fn block_comment_end(bytes: &[u8], i: usize, dialect: Dialect) -> usize {
    let mut depth = 0usize;
    let mut j = i;
    while j + 1 < bytes.len() {
        if bytes[j] == b'/' && bytes[j + 1] == b'*' {
            depth += 1;
            j += 2;
            if dialect != Dialect::Postgres && depth > 1 {
                depth = 1;
            }
        } else if bytes[j] == b'*' && bytes[j + 1] == b'/' {
            depth -= 1;
            j += 2;
            if depth == 0 {
                return j;
            }
        } else {
            j += 1;
        }
    }
    bytes.len()
}

/// Past the quote closing the one at `open`: a doubled quote is one quote, and with
/// `backslashes` a backslash escapes the byte after it.
fn quoted_end(bytes: &[u8], open: usize, backslashes: bool) -> usize {
    let quote = bytes[open];
    let mut j = open + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' if backslashes => j += 2,
            c if c == quote && bytes.get(j + 1) == Some(&quote) => j += 2,
            c if c == quote => return j + 1,
            _ => j += 1,
        }
    }
    bytes.len()
}

/// For `$tag$ ... $tag$` at `i`, past the closing tag; `None` if `$` does not open one (a
/// parameter like `$1`, or part of a name).
fn dollar_quoted_end(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i + 1..];
    let tag_len = rest.find('$')?;
    let tag = &rest[..tag_len];
    let valid = tag.chars().all(|c| c.is_alphanumeric() || c == '_') && !tag.starts_with(|c: char| c.is_ascii_digit());
    if !valid {
        return None;
    }
    let delimiter = &text[i..i + tag_len + 2];
    let body = i + tag_len + 2;
    Some(
        text[body..]
            .find(delimiter)
            .map_or(text.len(), |end| body + end + delimiter.len()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text with everything but code blanked out, to see what a scanner would look at.
    fn code(text: &str, dialect: Dialect) -> String {
        tokens(text, dialect)
            .iter()
            .map(|t| match t.kind {
                Kind::Code => text[t.start..t.end].to_string(),
                Kind::String => "S".into(),
                Kind::Identifier => "I".into(),
                Kind::Comment => "C".into(),
            })
            .collect()
    }

    #[test]
    fn postgres_strings_of_every_form() {
        let p = Dialect::Postgres;
        assert_eq!(code(r"SELECT 'C:\' ; x", p), "SELECT S ; x");
        assert_eq!(code(r"SELECT E'it\'s;' ; x", p), "SELECT S ; x");
        assert_eq!(code(r"SELECT e'\\' ; x", p), "SELECT S ; x");
        assert_eq!(code("SELECT $_$ ; $_$ ; x", p), "SELECT S ; x");
        assert_eq!(code("SELECT $$a$$, $1, $body$;$body$", p), "SELECT S, $1, S");
        assert_eq!(code("SELECT U&'d\\0061t;a', B'101', X'1f'", p), "SELECT S, S, S");
        assert_eq!(code("SELECT 'it''s' , \"a\"\"b\"", p), "SELECT S , I");
        assert_eq!(code("x /* a /* b */ ; */ y -- z ;\nw", p), "x C y C\nw");
        assert_eq!(code("name$1 'a'", p), "name$1 S");
    }

    #[test]
    fn mysql_backslashes_and_comments() {
        let m = Dialect::Mysql;
        assert_eq!(code(r"SELECT 'it\'s;' ; x", m), "SELECT S ; x");
        assert_eq!(code(r#"SELECT "a\";b" ; x"#, m), "SELECT S ; x");
        assert_eq!(code("SELECT `a``b;` # c ;\nx", m), "SELECT I C\nx");
        assert_eq!(code("SELECT 1--1;\nSELECT 2 -- c;\n", m), "SELECT 1--1;\nSELECT 2 C\n");
        assert_eq!(code("x /* a /* b */ ; */ y", m), "x C ; */ y");
    }

    #[test]
    fn sqlite_identifiers_of_every_form() {
        let s = Dialect::Sqlite;
        assert_eq!(
            code("SELECT [a;b], `c;d`, \"e;f\", 'g\\' ; x", s),
            "SELECT I, I, I, S ; x"
        );
    }

    #[test]
    fn unterminated_runs_to_the_end() {
        assert_eq!(code("SELECT 'abc", Dialect::Postgres), "SELECT S");
        assert_eq!(code("SELECT $x$ abc", Dialect::Postgres), "SELECT S");
        assert_eq!(code("x /* abc", Dialect::Sqlite), "x C");
    }

    #[test]
    fn every_byte_is_in_one_token() {
        let text = "é 'ü' \"ö\" -- ä\n/* ß */ $$x$$";
        for dialect in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
            let tokens = tokens(text, dialect);
            assert_eq!(tokens.first().unwrap().start, 0);
            assert_eq!(tokens.last().unwrap().end, text.len());
            assert!(tokens.windows(2).all(|w| w[0].end == w[1].start));
        }
    }

    #[test]
    fn code_skipped_whole_is_cut_as_one_character_at_a_time_cuts_it() {
        // The cut the skipping replaced: `special_at` tried at every character.
        fn by_character(text: &str, dialect: Dialect) -> Vec<Token> {
            let mut found: Vec<Token> = Vec::new();
            let mut i = 0;
            while i < text.len() {
                let (kind, end) = special_at(text, i, dialect)
                    .unwrap_or((Kind::Code, i + text[i..].chars().next().map_or(1, char::len_utf8)));
                match found.last_mut() {
                    Some(last) if last.kind == Kind::Code && kind == Kind::Code => last.end = end,
                    _ => found.push(Token { kind, start: i, end }),
                }
                i = end;
            }
            found
        }
        let texts = [
            "SELECT name'x', e'a\\'b', E'c', U&'d', n'e', x'1f', b'01', N'f' ; -- end",
            "CREATE TABLE \"Näme\" (é text DEFAULT 'ü' /* b /* c */ */, id bigint); # x\n$1 $$ a $$",
            "SELECT a-b, a--b\n, a/b, a/*c*/b, `q`, [s], $tag$x$tag$, name$1, ée'x'",
            "NEXT 'unterminated",
        ];
        for dialect in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
            for text in texts {
                assert_eq!(
                    tokens(text, dialect),
                    by_character(text, dialect),
                    "{dialect:?}: {text}"
                );
            }
        }
    }
}

//! Reading a statement's text with the lines and columns sqlparser gives its tokens.

use sqlparser::ast::{Ident, ObjectName, ObjectNamePart};
use sqlparser::tokenizer::{Location, Span};

/// Whether sqlparser reads `word` (unquoted) as a keyword. Its list is sorted, as its own
/// tokenizer's binary search needs.
pub(super) fn is_keyword(word: &str) -> bool {
    sqlparser::keywords::ALL_KEYWORDS
        .binary_search(&word.to_ascii_uppercase().as_str())
        .is_ok()
}

/// A place in the statement, with the line and column sqlparser gives it (1-based, columns in
/// characters).
pub(super) struct Cursor<'t> {
    text: &'t str,
    /// The byte offset in `text`.
    pub(super) pos: usize,
    line: u64,
    column: u64,
}

impl<'t> Cursor<'t> {
    pub(super) fn new(text: &'t str) -> Cursor<'t> {
        Cursor {
            text,
            pos: 0,
            line: 1,
            column: 1,
        }
    }

    /// A cursor on `text`, a part of a statement that starts at `at` in it.
    pub(super) fn starting_at(text: &'t str, at: Location) -> Cursor<'t> {
        Cursor {
            text,
            pos: 0,
            line: at.line,
            column: at.column,
        }
    }

    /// The text from here on.
    pub(super) fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    /// The text from byte offset `from` to here.
    pub(super) fn consumed_since(&self, from: usize) -> &'t str {
        &self.text[from..self.pos]
    }

    pub(super) fn location(&self) -> Location {
        Location::new(self.line, self.column)
    }

    pub(super) fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    pub(super) fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.advance_to(self.pos + c.len_utf8());
        Some(c)
    }

    /// Moves to byte offset `to` (a character boundary at or after the cursor), counting the
    /// lines and columns passed: one pass over the bytes, not a character at a time.
    pub(super) fn advance_to(&mut self, to: usize) {
        for &b in &self.text.as_bytes()[self.pos..to] {
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if b & 0xC0 != 0x80 {
                // Columns count characters: a UTF-8 continuation byte is not one.
                self.column += 1;
            }
        }
        self.pos = to;
    }

    /// Spaces, tabs and line breaks only: a comment is left to sqlparser.
    pub(super) fn blanks(&mut self) {
        let rest = &self.text.as_bytes()[self.pos..];
        let blank = rest
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .unwrap_or(rest.len());
        self.advance_to(self.pos + blank);
    }

    /// `word` (any case), followed by a blank or the end: the word as written, and its span.
    pub(super) fn keyword(&mut self, word: &str) -> Option<(&'t str, Span)> {
        self.blanks();
        let rest = &self.text.as_bytes()[self.pos..];
        let matches = rest.len() >= word.len()
            && rest[..word.len()].eq_ignore_ascii_case(word.as_bytes())
            && rest
                .get(word.len())
                .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'));
        if !matches {
            return None;
        }
        let (from, start) = (self.pos, self.location());
        self.advance_to(from + word.len());
        Some((&self.text[from..self.pos], Span::new(start, self.location())))
    }

    /// The character `c`, here.
    pub(super) fn punctuation(&mut self, c: char) -> Option<()> {
        (self.peek() == Some(c)).then(|| {
            self.bump();
        })
    }

    /// Nothing but blanks left.
    pub(super) fn end(&mut self) -> Option<()> {
        self.blanks();
        (self.pos == self.text.len()).then_some(())
    }

    /// `part[.part[.part]]`, each part a quoted name or a plain one, with no blank around `.`.
    pub(super) fn object_name(&mut self) -> Option<ObjectName> {
        self.blanks();
        let mut parts = vec![ObjectNamePart::Identifier(self.ident()?)];
        while self.peek() == Some('.') {
            if parts.len() == 3 {
                return None;
            }
            self.bump();
            parts.push(ObjectNamePart::Identifier(self.ident()?));
        }
        match self.peek() {
            None | Some(' ' | '\t' | '\n' | '\r') => Some(ObjectName(parts)),
            _ => None,
        }
    }

    /// `"name"` without a doubled quote inside, or `name` of ASCII letters, digits and `_`.
    pub(super) fn ident(&mut self) -> Option<Ident> {
        let start = self.location();
        if self.peek() == Some('"') {
            self.bump();
            let from = self.pos;
            let to = from + self.text[from..].find('"')?;
            if to == from || self.text[to + 1..].starts_with('"') {
                return None;
            }
            self.advance_to(to + 1);
            return Some(Ident {
                value: self.text[from..to].to_string(),
                quote_style: Some('"'),
                span: Span::new(start, self.location()),
            });
        }
        let from = self.pos;
        let rest = &self.text.as_bytes()[from..];
        if !rest.first().is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_') {
            return None;
        }
        let len = rest
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
            .unwrap_or(rest.len());
        self.advance_to(from + len);
        // A keyword is a name here too: sqlparser reads any word as one.
        Some(Ident {
            value: self.text[from..self.pos].to_string(),
            quote_style: None,
            span: Span::new(start, self.location()),
        })
    }

    /// `'...'`, a quote inside doubled; no backslash (whose meaning depends on settings).
    pub(super) fn string(&mut self) -> Option<String> {
        self.blanks();
        if self.peek() != Some('\'') {
            return None;
        }
        self.bump();
        let mut value = String::new();
        loop {
            let from = self.pos;
            let to = from + self.text[from..].find('\'')?;
            if self.text[from..to].contains('\\') {
                return None;
            }
            value.push_str(&self.text[from..to]);
            self.advance_to(to + 1);
            if self.peek() == Some('\'') {
                self.bump();
                value.push('\'');
            } else {
                return Some(value);
            }
        }
    }
}

//! Statements read without sqlparser, in the few plain shapes that are five of the seven
//! statements a generated table has: `COMMENT ON TABLE|COLUMN`, `ALTER TABLE ... ENABLE|FORCE ROW
//! LEVEL SECURITY` and `CREATE INDEX` on plain columns.
//!
//! The statement is built as the very syntax tree sqlparser gives it (spans included), so every
//! rule sees the same statement either way; debug builds parse it with sqlparser too and compare.
//! The reader is conservative: anything but the exact shape (another object type or operation,
//! `IF EXISTS`, `ONLY`, `USING`, `WHERE`, an expression or order in an index, a comment inside, a
//! string with a backslash or a prefix, a name with a doubled quote or a character other than
//! ASCII letters, digits and `_`, a blank around a `.`) is left to sqlparser.

use sqlparser::ast::helpers::attached_token::AttachedToken;
use sqlparser::ast::{
    AlterTable, AlterTableOperation, CommentObject, CreateIndex, Expr, Ident, IndexColumn, ObjectName, ObjectNamePart,
    OrderByExpr, OrderByOptions, Statement,
};
use sqlparser::tokenizer::{Location, Span, Token, TokenWithSpan};

/// The syntax tree of `text` (one PostgreSQL statement, trimmed, without its `;`) when it has a
/// shape this module reads; `None` sends it to sqlparser.
pub(crate) fn parse(text: &str) -> Option<Statement> {
    let bytes = text.as_bytes();
    let starts = |word: &str| bytes.len() > word.len() && bytes[..word.len()].eq_ignore_ascii_case(word.as_bytes());
    if starts("COMMENT") {
        comment(text)
    } else if starts("ALTER") {
        row_level_security(text)
    } else if starts("CREATE") {
        create_index(text)
    } else {
        None
    }
}

/// `COMMENT ON {TABLE|COLUMN} name IS {'...'|NULL}`
fn comment(text: &str) -> Option<Statement> {
    let mut at = Cursor::new(text);
    at.keyword("COMMENT")?;
    at.keyword("ON")?;
    let object_type = if at.keyword("TABLE").is_some() {
        CommentObject::Table
    } else {
        at.keyword("COLUMN")?;
        CommentObject::Column
    };
    let object_name = at.object_name()?;
    at.keyword("IS")?;
    let comment = match at.keyword("NULL") {
        Some(_) => None,
        None => Some(at.string()?),
    };
    at.end()?;
    Some(Statement::Comment {
        object_type,
        object_name,
        comment,
        if_exists: false,
    })
}

/// `ALTER TABLE name {ENABLE|FORCE} ROW LEVEL SECURITY`
fn row_level_security(text: &str) -> Option<Statement> {
    let mut at = Cursor::new(text);
    at.keyword("ALTER")?;
    at.keyword("TABLE")?;
    let name = at.object_name()?;
    let operation = if at.keyword("ENABLE").is_some() {
        AlterTableOperation::EnableRowLevelSecurity
    } else {
        at.keyword("FORCE")?;
        AlterTableOperation::ForceRowLevelSecurity
    };
    at.keyword("ROW")?;
    at.keyword("LEVEL")?;
    // sqlparser keeps the statement's last token.
    let (word, span) = at.keyword("SECURITY")?;
    at.end()?;
    let end_token = TokenWithSpan::new(Token::make_word(word, None), span);
    Some(Statement::AlterTable(AlterTable {
        name,
        if_exists: false,
        only: false,
        operations: vec![operation],
        location: None,
        on_cluster: None,
        table_type: None,
        end_token: AttachedToken(end_token),
    }))
}

/// `CREATE [UNIQUE] INDEX [CONCURRENTLY] name ON table (column, ...)`, each column a name (no
/// expression, order or operator class), nothing after the list.
fn create_index(text: &str) -> Option<Statement> {
    let mut at = Cursor::new(text);
    at.keyword("CREATE")?;
    let unique = at.keyword("UNIQUE").is_some();
    at.keyword("INDEX")?;
    let concurrently = at.keyword("CONCURRENTLY").is_some();
    let name = at.object_name()?;
    at.keyword("ON")?;
    let table_name = at.object_name()?;
    at.blanks();
    at.punctuation('(')?;
    let mut columns = Vec::new();
    loop {
        at.blanks();
        let column = at.ident()?;
        // A plain keyword is an expression there (`date`, `null`, `current_date`).
        if column.quote_style.is_none() && is_keyword(&column.value) {
            return None;
        }
        columns.push(IndexColumn {
            column: OrderByExpr {
                expr: Expr::Identifier(column),
                options: OrderByOptions {
                    sort: None,
                    nulls_first: None,
                },
                with_fill: None,
            },
            operator_class: None,
        });
        at.blanks();
        if at.punctuation(',').is_none() {
            break;
        }
    }
    at.punctuation(')')?;
    at.end()?;
    Some(Statement::CreateIndex(CreateIndex {
        name: Some(name),
        table_name,
        using: None,
        columns,
        unique,
        concurrently,
        r#async: false,
        if_not_exists: false,
        include: Vec::new(),
        nulls_distinct: None,
        with: Vec::new(),
        predicate: None,
        index_options: Vec::new(),
        alter_options: Vec::new(),
    }))
}

fn is_keyword(word: &str) -> bool {
    sqlparser::keywords::ALL_KEYWORDS
        .iter()
        .any(|k| k.eq_ignore_ascii_case(word))
}

/// A place in the statement, with the line and column sqlparser gives it (1-based, columns in
/// characters).
struct Cursor<'t> {
    text: &'t str,
    pos: usize,
    line: u64,
    column: u64,
}

impl<'t> Cursor<'t> {
    fn new(text: &'t str) -> Cursor<'t> {
        Cursor {
            text,
            pos: 0,
            line: 1,
            column: 1,
        }
    }

    fn location(&self) -> Location {
        Location::new(self.line, self.column)
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    /// Spaces, tabs and line breaks only: a comment is left to sqlparser.
    fn blanks(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    /// `word` (any case), followed by a blank or the end: the word as written, and its span.
    fn keyword(&mut self, word: &str) -> Option<(&'t str, Span)> {
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
        for _ in 0..word.len() {
            self.bump();
        }
        Some((&self.text[from..self.pos], Span::new(start, self.location())))
    }

    /// The character `c`, here.
    fn punctuation(&mut self, c: char) -> Option<()> {
        (self.peek() == Some(c)).then(|| {
            self.bump();
        })
    }

    /// Nothing but blanks left.
    fn end(&mut self) -> Option<()> {
        self.blanks();
        (self.pos == self.text.len()).then_some(())
    }

    /// `part[.part[.part]]`, each part a quoted name or a plain one, with no blank around `.`.
    fn object_name(&mut self) -> Option<ObjectName> {
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
    fn ident(&mut self) -> Option<Ident> {
        let start = self.location();
        if self.peek() == Some('"') {
            self.bump();
            let from = self.pos;
            let to = from + self.text[from..].find('"')?;
            if to == from || self.text[to + 1..].starts_with('"') {
                return None;
            }
            while self.pos < to {
                self.bump();
            }
            self.bump();
            return Some(Ident {
                value: self.text[from..to].to_string(),
                quote_style: Some('"'),
                span: Span::new(start, self.location()),
            });
        }
        let from = self.pos;
        if !self.peek().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') {
            return None;
        }
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            self.bump();
        }
        // A keyword is a name here too: sqlparser reads any word as one.
        Some(Ident {
            value: self.text[from..self.pos].to_string(),
            quote_style: None,
            span: Span::new(start, self.location()),
        })
    }

    /// `'...'`, a quote inside doubled; no backslash (whose meaning depends on settings).
    fn string(&mut self) -> Option<String> {
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
            while self.pos <= to {
                self.bump();
            }
            if self.peek() == Some('\'') {
                self.bump();
                value.push('\'');
            } else {
                return Some(value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::parser::Parser;
    use tablewright_core::Dialect;

    use super::*;

    /// sqlparser's tree for `text`, as its debug form (spans included).
    fn sqlparser(text: &str) -> String {
        let parsed = Parser::parse_sql(&PostgreSqlDialect {}, text).expect("sqlparser reads it");
        assert_eq!(parsed.len(), 1, "{text}");
        format!("{:?}", parsed[0])
    }

    #[test]
    fn the_shapes_it_reads_are_sqlparsers_trees() {
        for text in [
            r#"COMMENT ON TABLE "lots" IS 'Inventory lots'"#,
            r#"comment on column "lots"."lot_code" is 'Unique within the tenant'"#,
            "COMMENT ON COLUMN public.lots.lot_code IS 'it''s the code, ''quoted'''",
            "COMMENT  ON\n  TABLE\tlots_2024\n  IS\n  'two\nlines → with ünicode'",
            r#"COMMENT ON TABLE "Mixed Case"."t" IS NULL"#,
            "COMMENT ON TABLE _t IS ''",
            "COMMENT ON TABLE lots IS 'x'   ",
            r#"ALTER TABLE "lots" ENABLE ROW LEVEL SECURITY"#,
            "alter table public.lots force row level security",
            r#"CREATE INDEX "idx_lots_parent_id" ON "lots" ("parent_id")"#,
            "create unique index concurrently idx_a on s.lots (tenant_id,code , \"Mixed\")",
            "CREATE INDEX\n  idx_b\n  ON lots\n  (\n a\n )",
            // Keywords are names there.
            "COMMENT ON TABLE user IS 'x'",
            "COMMENT ON COLUMN public.table.description IS 'x'",
        ] {
            let fast = parse(text).unwrap_or_else(|| panic!("the fast path reads {text:?}"));
            assert_eq!(format!("{fast:?}"), sqlparser(text), "{text}");
        }
    }

    #[test]
    fn anything_else_goes_to_sqlparser() {
        for text in [
            // Other objects and forms.
            "COMMENT ON INDEX idx IS 'x'",
            "COMMENT ON CONSTRAINT c ON lots IS 'x'",
            "COMMENT IF EXISTS ON TABLE lots IS 'x'",
            "COMMENT ON FUNCTION f(int4) IS 'x'",
            // Strings whose reading depends on more than quotes.
            r"COMMENT ON TABLE lots IS 'back\slash'",
            "COMMENT ON TABLE lots IS E'x'",
            "COMMENT ON TABLE lots IS $$x$$",
            "COMMENT ON TABLE lots IS 'unterminated",
            // Comments, doubled quotes, blanks around dots, too many parts.
            "COMMENT ON TABLE lots /* c */ IS 'x'",
            "COMMENT ON TABLE lots IS 'x' -- c",
            "COMMENT ON TABLE \"a\"\"b\" IS 'x'",
            "COMMENT ON TABLE \"\" IS 'x'",
            "COMMENT ON COLUMN lots . code IS 'x'",
            "COMMENT ON COLUMN a.b.c.d IS 'x'",
            "COMMENT ON TABLE lots IS 'x' 'y'",
            "COMMENT ON TABLE lots IS 'x';",
            "COMMENT ON TABLE\"lots\" IS 'x'",
            "COMMENT ON TABLE lots IS",
            "COMMENT ON TABLE lots",
            "COMMENT ON TABLE 1lots IS 'x'",
            "COMMENT ON TABLE lots$1 IS 'x'",
            "COMMENT ON TABLE löts IS 'x'",
            "COMMENT",
            "",
            // Index and table forms it leaves to sqlparser.
            "ALTER TABLE IF EXISTS lots ENABLE ROW LEVEL SECURITY",
            "ALTER TABLE ONLY lots FORCE ROW LEVEL SECURITY",
            "ALTER TABLE lots NO FORCE ROW LEVEL SECURITY",
            "ALTER TABLE lots DISABLE ROW LEVEL SECURITY",
            "ALTER TABLE lots ENABLE ROW LEVEL SECURITY, ADD COLUMN a int",
            "ALTER TABLE lots ENABLE ROW LEVEL",
            "CREATE INDEX ON lots (a)",
            "CREATE INDEX IF NOT EXISTS idx ON lots (a)",
            "CREATE INDEX CONCURRENTLY ON lots (a)",
            "CREATE INDEX idx ON lots USING gin (a)",
            "CREATE INDEX idx ON lots (a) WHERE a > 0",
            "CREATE INDEX idx ON lots (a DESC)",
            "CREATE INDEX idx ON lots (lower(a))",
            "CREATE INDEX idx ON lots (a text_pattern_ops)",
            "CREATE INDEX idx ON lots (date)",
            "CREATE INDEX idx ON lots (a) INCLUDE (b)",
            "CREATE INDEX idx ON lots (a,)",
            "CREATE INDEX idx ON lots ()",
            "CREATE INDEX idx ON lots(a)",
            "CREATE INDEX idx ON ONLY lots (a)",
            "CREATE OR REPLACE INDEX idx ON lots (a)",
            // Not a comment at all.
            "CREATE TABLE lots (id int)",
            "COMMENTS ON TABLE lots IS 'x'",
        ] {
            assert!(parse(text).is_none(), "{text:?} must go to sqlparser");
        }
    }

    /// Every statement of the pinned corpus the fast path reads, read as sqlparser reads it.
    #[test]
    fn the_corpus_reads_the_same_both_ways() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/registry");
        let mut fast = 0;
        for folder in std::fs::read_dir(corpus).unwrap() {
            for script in ["up.sql", "down.sql"] {
                let Ok(sql) = std::fs::read_to_string(folder.as_ref().unwrap().path().join(script)) else {
                    continue;
                };
                for piece in crate::source::pieces(&sql, Dialect::Postgres) {
                    if let Some(statement) = parse(&piece.text) {
                        assert_eq!(format!("{statement:?}"), sqlparser(&piece.text), "{}", piece.text);
                        fast += 1;
                    }
                }
            }
        }
        assert!(fast >= 20, "the corpus has statements the fast path reads: {fast}");
    }
}

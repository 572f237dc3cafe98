//! Statements read without sqlparser, in the few plain shapes that are six of the seven
//! statements a generated table has: `COMMENT ON TABLE|COLUMN`, `ALTER TABLE ... ENABLE|FORCE ROW
//! LEVEL SECURITY`, `CREATE INDEX` on plain columns, and `CREATE TABLE` (its plain columns here,
//! its other elements by sqlparser one by one: `create_table.rs`).
//!
//! The statement is built as the very syntax tree sqlparser gives it (spans included), so every
//! rule sees the same statement either way; debug builds parse it with sqlparser too and compare.
//! The reader is conservative: anything but the exact shape (another object type or operation,
//! `IF EXISTS`, `ONLY`, `USING`, `WHERE`, an expression or order in an index, a comment inside, a
//! string with a backslash or a prefix, a name with a doubled quote or a character other than
//! ASCII letters, digits and `_`, a blank around a `.`) is left to sqlparser.

use sqlparser::ast::helpers::attached_token::AttachedToken;
use sqlparser::ast::{
    AlterTable, AlterTableOperation, CommentObject, CreateIndex, Expr, IndexColumn, OrderByExpr, OrderByOptions,
    Statement,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer};

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
            .or_else(|| create_table::create_table(text))
            .or_else(|| policy::create_policy(text))
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

mod create_table;
mod cursor;
mod expr;
mod policy;
#[cfg(test)]
mod tests;

use cursor::{is_keyword, Cursor};

/// The byte offset of the first `,` (when `at_comma`) or unmatched `)` from `from` on, outside
/// brackets, quotes and strings: where an element of a list or a bracketed part ends.
fn element_end(text: &str, from: usize, at_comma: bool) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    for (i, b) in text.bytes().enumerate().skip(from) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'(') => depth += 1,
            (None, b')') if depth == 0 => return Some(i),
            (None, b')') => depth -= 1,
            (None, b',') if depth == 0 && at_comma => return Some(i),
            _ => {}
        }
    }
    None
}

/// sqlparser's tokens of `text`, a part of a statement that starts at `start` in it, with the
/// lines and columns they have in the statement: parsed alone, the part gets the spans a parse
/// of the whole statement gives it.
fn moved_tokens(dialect: &PostgreSqlDialect, text: &str, start: Location) -> Option<Vec<TokenWithSpan>> {
    let mut tokens = Tokenizer::new(dialect, text).tokenize_with_location().ok()?;
    let moved = |location: &mut Location| {
        if location.line == 1 {
            location.column += start.column - 1;
        }
        location.line += start.line - 1;
    };
    for token in &mut tokens {
        moved(&mut token.span.start);
        moved(&mut token.span.end);
    }
    Some(tokens)
}

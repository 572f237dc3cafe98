//! The relations and functions a query names, read from sqlparser's tokens rather than its syntax
//! tree: walking the tree needs sqlparser's `visitor` feature, whose derive macro
//! (`sqlparser_derive`) would be one more package in every application's build, and the derive
//! and build scripts read views. The query has already parsed as one SELECT; the tokens say
//! where a name is a relation (after a SELECT's `FROM`, after a `JOIN`, and after a comma of its
//! FROM list) or a call (a name before `(`, unless the word is SQL's own syntax).
//!
//! This reads at least what the syntax tree names, and may read a little more (`CAST(` is a
//! call here, a cast there): the callers ignore names that are not the schema's.

use sqlparser::dialect::Dialect;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, Tokenizer, Word};

/// Words followed by `(` that are SQL's syntax, not a call: clauses and operators, and the
/// special forms sqlparser reads as syntax (`CAST(x AS t)`, `EXTRACT(YEAR FROM x)`, ...).
const NOT_CALLS: &[Keyword] = &[
    Keyword::ALL,
    Keyword::AND,
    Keyword::ANY,
    Keyword::AS,
    Keyword::BETWEEN,
    Keyword::BY,
    Keyword::CAST,
    Keyword::CEIL,
    Keyword::CONVERT,
    Keyword::DISTINCT,
    Keyword::ELSE,
    Keyword::EXCEPT,
    Keyword::EXISTS,
    Keyword::EXTRACT,
    Keyword::FILTER,
    Keyword::FLOOR,
    Keyword::FROM,
    Keyword::HAVING,
    Keyword::IN,
    Keyword::INTERSECT,
    Keyword::IS,
    Keyword::JOIN,
    Keyword::LATERAL,
    Keyword::LIKE,
    Keyword::NOT,
    Keyword::ON,
    Keyword::OR,
    Keyword::OVER,
    Keyword::OVERLAY,
    Keyword::POSITION,
    Keyword::SAFE_CAST,
    Keyword::SELECT,
    Keyword::SOME,
    Keyword::SUBSTRING,
    Keyword::THEN,
    Keyword::TRIM,
    Keyword::TRY_CAST,
    Keyword::UNION,
    Keyword::USING,
    Keyword::VALUES,
    Keyword::WHEN,
    Keyword::WHERE,
    Keyword::WITH,
    Keyword::WITHIN,
];

/// Words that end a SELECT's FROM list.
const FROM_ENDS: &[Keyword] = &[
    Keyword::WHERE,
    Keyword::GROUP,
    Keyword::HAVING,
    Keyword::ORDER,
    Keyword::LIMIT,
    Keyword::OFFSET,
    Keyword::FETCH,
    Keyword::WINDOW,
    Keyword::QUALIFY,
    Keyword::UNION,
    Keyword::EXCEPT,
    Keyword::INTERSECT,
    Keyword::FOR,
];

/// Words after which a FROM list's next relation comes: `JOIN`, MySQL's `STRAIGHT_JOIN`, and
/// `CROSS APPLY`/`OUTER APPLY`.
const JOINS: &[Keyword] = &[Keyword::JOIN, Keyword::STRAIGHT_JOIN, Keyword::APPLY];

/// Words that begin a query where a relation could be (a bracketed query in a FROM list).
const QUERY_STARTS: &[Keyword] = &[Keyword::WITH, Keyword::VALUES];

/// Words between `FROM`/`JOIN` and the relation they introduce.
const BEFORE_RELATION: &[Keyword] = &[Keyword::LATERAL, Keyword::ONLY];

/// The relations `query` reads, in the order written, then the functions it calls; each name
/// once, unqualified, as the database folds it (unquoted names in lower case). `None` when
/// `dialect` cannot tokenize it.
pub fn relations_and_calls(query: &str, dialect: &dyn Dialect) -> Option<(Vec<String>, Vec<String>)> {
    let tokens: Vec<Token> = Tokenizer::new(dialect, query)
        .tokenize()
        .ok()?
        .into_iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    Some((relations(&tokens), calls(&tokens)))
}

/// One bracket level of the query: whether a SELECT began in it, and whether its FROM list is
/// being read.
#[derive(Default)]
struct Level {
    select: bool,
    from: bool,
}

fn relations(tokens: &[Token]) -> Vec<String> {
    let mut found = Vec::new();
    let mut levels = vec![Level::default()];
    // The next name is a relation (after FROM, JOIN, or a comma of a FROM list).
    let mut expect = false;
    let mut i = 0;
    while i < tokens.len() {
        let expecting = std::mem::take(&mut expect);
        match &tokens[i] {
            Token::LParen => {
                // `JOIN (b JOIN c ...)`: a bracketed join is a FROM list of its own.
                levels.push(Level {
                    select: expecting,
                    from: expecting,
                });
                expect = expecting;
                i += 1;
                continue;
            }
            Token::RParen if levels.len() > 1 => {
                levels.pop();
                i += 1;
                continue;
            }
            _ => {}
        }
        let level = levels.last_mut().expect("the outermost level stays");
        match &tokens[i] {
            Token::Comma if level.from => expect = true,
            Token::Word(word) if word.quote_style.is_none() && word.keyword == Keyword::SELECT => {
                *level = Level {
                    select: true,
                    from: false,
                };
            }
            Token::Word(word) if expecting && word.quote_style.is_none() && BEFORE_RELATION.contains(&word.keyword) => {
                expect = true;
            }
            // Where a relation is due, any name is one (a table may be called `offset`), but
            // `(WITH ...` and `(VALUES ...` begin a query.
            Token::Word(word) if expecting && !(word.quote_style.is_none() && QUERY_STARTS.contains(&word.keyword)) => {
                let (name, end) = last_of_name(tokens, i, word);
                push_once(&mut found, folded(name));
                i = end;
            }
            Token::Word(word) if word.quote_style.is_none() && word.keyword == Keyword::FROM => {
                // Only a SELECT's FROM: `EXTRACT(YEAR FROM made)` names a column.
                level.from = level.select;
                expect = level.select;
            }
            Token::Word(word) if word.quote_style.is_none() && JOINS.contains(&word.keyword) => {
                expect = level.from;
            }
            Token::Word(word) if word.quote_style.is_none() && FROM_ENDS.contains(&word.keyword) => {
                level.from = false;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

fn calls(tokens: &[Token]) -> Vec<String> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Token::Word(word) = &tokens[i] {
            let (name, end) = last_of_name(tokens, i, word);
            let syntax = name.quote_style.is_none() && NOT_CALLS.contains(&name.keyword);
            // `AS v (n)` and `WITH t (n) AS` name columns, not arguments.
            let named_columns = matches!(
                i.checked_sub(1).map(|before| &tokens[before]),
                Some(Token::Word(w)) if w.quote_style.is_none() && matches!(w.keyword, Keyword::AS | Keyword::WITH)
            );
            if !syntax && !named_columns && matches!(tokens.get(end + 1), Some(Token::LParen)) {
                push_once(&mut found, folded(name));
            }
            i = end;
        }
        i += 1;
    }
    found
}

/// The last word of the dotted name whose first word, `first`, is at `start` (`app.lots` is
/// `lots`), and its index.
fn last_of_name<'t>(tokens: &'t [Token], start: usize, first: &'t Word) -> (&'t Word, usize) {
    let (mut last, mut end) = (first, start);
    while let (Some(Token::Period), Some(Token::Word(next))) = (tokens.get(end + 1), tokens.get(end + 2)) {
        (last, end) = (next, end + 2);
    }
    (last, end)
}

/// Whether an expression holds a query: an unquoted `SELECT` (every subquery has one, also after
/// `WITH ... AS (...)`), or `(VALUES (...`.
pub fn has_query(expression: &str, dialect: &dyn Dialect) -> bool {
    let Ok(tokens) = Tokenizer::new(dialect, expression).tokenize() else {
        return false;
    };
    let code: Vec<&Token> = tokens.iter().filter(|t| !matches!(t, Token::Whitespace(_))).collect();
    code.iter().enumerate().any(|(i, token)| match token {
        Token::Word(word) if word.quote_style.is_none() && word.keyword == Keyword::SELECT => true,
        Token::Word(word) if word.quote_style.is_none() && word.keyword == Keyword::VALUES => {
            matches!(code.get(i.wrapping_sub(1)), Some(Token::LParen)) && matches!(code.get(i + 1), Some(Token::LParen))
        }
        _ => false,
    })
}

/// The name as the database folds it: an unquoted name in lower case.
fn folded(word: &Word) -> String {
    if word.quote_style.is_some() {
        word.value.clone()
    } else {
        word.value.to_ascii_lowercase()
    }
}

fn push_once(names: &mut Vec<String>, name: String) {
    if !names.contains(&name) {
        names.push(name);
    }
}

//! The check an expression must pass for the database it is written into: exactly one SQL
//! expression, read the way that database reads it.
//!
//! Two readings, both per dialect:
//! - the lexer the statement splitter uses ([`super::lex`]), which knows every string, quoted
//!   identifier and comment form of the database: outside them there is no `;` and no comment,
//!   and every string, identifier and comment is closed. This is what keeps an expression from
//!   ending its statement, whatever the parser below accepts;
//! - sqlparser, with the database's dialect: the text parses as one expression with nothing
//!   after it, within sqlparser's nesting limit.
//!
//! Nesting is bounded without sqlparser's stack growth (`recursive`, `stacker`: six packages in
//! every application's build, since the derive and build scripts run this check). sqlparser
//! descends a level of recursion per bracket or operator, each up to ~100 KiB of stack in a
//! debug build (build scripts and the derive run debug builds). So brackets are counted first
//! on the lexer's reading, which names the first one too deep; the parser then runs on the
//! caller's thread within a depth that fits a 2 MiB stack, and an expression deeper than that
//! (rare) is parsed again on a thread of its own with a stack sized for `PARSER_DEPTH`. The
//! test `nesting_is_bounded` runs the deepest of each shape on a 2 MiB thread.

use sqlparser::dialect::{Dialect as ParserDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::lex::{tokens, Kind};
use super::query_names::has_query;
use crate::dialect::Dialect;

/// How deep an expression's brackets may nest (parentheses, function calls, array subscripts)
/// before it is refused rather than parsed. Far more than a CHECK or a DEFAULT needs.
pub const NESTING_LIMIT: usize = 32;

/// sqlparser's recursion limit: a bracket costs up to four levels (`(CASE WHEN ... THEN - (...`),
/// so every expression within [`NESTING_LIMIT`] brackets parses; a chain of unary operators
/// stops here.
const PARSER_DEPTH: usize = 4 * NESTING_LIMIT + 4;

/// The recursion the parser may use on the caller's thread: a 2 MiB stack holds it in a debug
/// build, whatever the shape (unbounded, a CASE in a unary minus overflowed 2 MiB at 16
/// brackets, about 50 levels; `NOT NOT ...` at 32).
const INLINE_DEPTH: usize = 20;

/// The stack of the thread that parses an expression deeper than [`INLINE_DEPTH`]: about three
/// times what [`PARSER_DEPTH`] levels of the deepest shape take in a debug build (reserved, not
/// used, for the rest).
const DEEP_STACK: usize = 32 << 20;

/// `Ok` if `text` is one expression on `dialect`; otherwise what is wrong, as a sentence.
///
/// The lexical reading is done for every database, the target's first: an expression that
/// would break out of its statement on one of them (SQLite's `['] ; ...`, which PostgreSQL reads
/// as an array of one string) is refused on all, so a schema never carries one from a database
/// where it is harmless to one where it is not.
pub fn validate(text: &str, dialect: Dialect) -> Result<(), String> {
    lexically_one(text, dialect)?;
    if let Some(at) = too_deep(text, dialect) {
        return Err(format!(
            "it nests brackets more than {NESTING_LIMIT} deep (the bracket at character {at} is the first too deep)"
        ));
    }
    for other in Dialect::ALL.into_iter().filter(|d| *d != dialect) {
        lexically_one(text, other)?;
    }
    if dialect == Dialect::Mysql {
        escapes_on_mysql(text)?;
    }
    // A failure within the caller's depth may be the depth's (sqlparser reports it as such only
    // outside its speculative readings): an expression refused there is read again in full.
    parse(text, dialect, INLINE_DEPTH).or_else(|_| deep_parse(text, dialect))
}

/// Parses on a thread with a [`DEEP_STACK`], up to [`PARSER_DEPTH`].
fn deep_parse(text: &str, dialect: Dialect) -> Result<(), String> {
    std::thread::scope(|scope| {
        let parsing = std::thread::Builder::new()
            .name("tablewright-expression".into())
            .stack_size(DEEP_STACK)
            .spawn_scoped(scope, || parse(text, dialect, PARSER_DEPTH))
            .map_err(|e| format!("no thread could be started to read it: {e}"))?;
        parsing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// sqlparser's reading, within `depth` levels of recursion; the syntax tree is dropped here too
/// (which recurses as deep).
fn parse(text: &str, dialect: Dialect, depth: usize) -> Result<(), String> {
    let parser_dialect: &dyn ParserDialect = match dialect {
        Dialect::Postgres => &PostgreSqlDialect {},
        Dialect::Mysql => &MySqlDialect {},
        Dialect::Sqlite => &SQLiteDialect {},
    };
    let mut parser = Parser::new(parser_dialect)
        .with_recursion_limit(depth)
        .try_with_sql(text)
        .map_err(|e| format!("{dialect} cannot read it: {}", plain(&e.to_string())))?;
    let expr = parser
        .parse_expr()
        .map_err(|e| format!("it is not an expression {dialect} reads: {}", plain(&e.to_string())))?;
    let next = parser.peek_token();
    if next.token != Token::EOF {
        return Err(format!(
            "it is more than one expression: `{}` at line {} column {} follows a complete expression",
            next.token, next.span.start.line, next.span.start.column
        ));
    }
    drop(expr);
    if has_query(text, parser_dialect) {
        return Err(
            "it contains a query (`SELECT ...`), which no database runs in a CHECK, a DEFAULT or an index predicate"
                .to_string(),
        );
    }
    Ok(())
}

/// No statement end or comment outside strings and quoted identifiers, and none of them left
/// open, as `dialect` lexes the text.
pub(crate) fn lexically_one(text: &str, dialect: Dialect) -> Result<(), String> {
    // A `;` after the text is code only if everything the text opened is closed.
    let probe = format!("{text}\n;");
    let lexed = tokens(&probe, dialect);
    for token in &lexed {
        let part = &probe[token.start..token.end];
        match token.kind {
            Kind::Comment => {
                let opener = if part.starts_with('#') { "#" } else { &part[..2] };
                return Err(format!(
                    "`{opener}` starts a comment on {dialect}, which would swallow the rest of the statement"
                ));
            }
            Kind::Code => {
                // The probe's own `;` is past the text.
                if let Some(at) = part.find(';').filter(|at| token.start + at < text.len()) {
                    return Err(format!(
                        "`;` at character {} would end the statement on {dialect}",
                        probe[..token.start + at].chars().count() + 1
                    ));
                }
            }
            Kind::String | Kind::Identifier => {}
        }
    }
    match lexed.last() {
        Some(last) if last.kind == Kind::Code && probe[last.start..].ends_with(';') => Ok(()),
        _ => Err(format!(
            "a quote or bracket is never closed on {dialect}, so the rest of the statement would be read as part of it"
        )),
    }
}

/// MySQL reads a backslash in a string as an escape (`'\.'` is `'.'`), the others as itself: a
/// regular expression written for PostgreSQL would mean something else there.
fn escapes_on_mysql(text: &str) -> Result<(), String> {
    let string_with_backslash = tokens(text, Dialect::Mysql)
        .into_iter()
        .find(|t| t.kind == Kind::String && text[t.start..t.end].contains('\\'));
    match string_with_backslash {
        Some(t) => Err(format!(
            "the string {} holds a backslash, which MySQL reads as an escape (PostgreSQL and SQLite as itself)",
            &text[t.start..t.end]
        )),
        None => Ok(()),
    }
}

/// The 1-based character position of the first bracket nested deeper than [`NESTING_LIMIT`],
/// outside strings and quoted identifiers, as `dialect` lexes the text.
fn too_deep(text: &str, dialect: Dialect) -> Option<usize> {
    let mut depth = 0usize;
    for token in tokens(text, dialect).iter().filter(|t| t.kind == Kind::Code) {
        for (at, byte) in text.as_bytes()[token.start..token.end].iter().enumerate() {
            match byte {
                b'(' | b'[' => {
                    depth += 1;
                    if depth > NESTING_LIMIT {
                        return Some(text[..token.start + at].chars().count() + 1);
                    }
                }
                b')' | b']' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

/// sqlparser's messages start with "sql parser error: "; the message around it says so already.
fn plain(message: &str) -> &str {
    message.strip_prefix("sql parser error: ").unwrap_or(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Dialect::{Mysql, Postgres, Sqlite};

    #[test]
    fn expressions_each_database_reads() {
        for (text, dialects) in [
            ("quantity >= 0", &Dialect::ALL[..]),
            ("capacity_weight > 0 AND capacity_volume > 0", &Dialect::ALL),
            ("current_utilization BETWEEN 0 AND 100", &Dialect::ALL),
            (
                "expiration_date IS NULL OR manufactured_date IS NULL OR expiration_date >= manufactured_date",
                &Dialect::ALL,
            ),
            ("status = 'PENDING'", &Dialect::ALL),
            ("sku <> ''", &Dialect::ALL),
            ("name <> 'it''s; -- fine inside a string'", &Dialect::ALL),
            ("\"kind\" IN ('RECEIPT', 'ISSUE')", &Dialect::ALL),
            ("now()", &Dialect::ALL),
            ("lower('ANON')", &Dialect::ALL),
            ("CURRENT_DATE", &Dialect::ALL),
            ("coalesce(a, (b + 1)) - 2 > 0", &Dialect::ALL),
            ("CASE WHEN a > 0 THEN 1 ELSE 0 END = 1", &Dialect::ALL),
            ("a IS NOT NULL AND length(a) > 2", &Dialect::ALL),
            ("NOT (a = 1)", &Dialect::ALL),
            ("gen_random_uuid()", &[Postgres]),
            ("tenant_id = current_setting('app.tenant', true)::uuid", &[Postgres]),
            ("payload ->> 'kind' = 'x'", &[Postgres]),
            ("code ~ '^[A-Z]+$'", &[Postgres]),
            (r"code ~ '^[0-9]+\.[0-9]+'", &[Postgres, Sqlite]),
            ("tags[1] = 'x'", &[Postgres]),
            ("`kind` IN ('a', 'b')", &[Mysql, Sqlite]),
            ("(UUID())", &[Mysql]),
            ("CURRENT_TIMESTAMP(6)", &[Mysql]),
            ("[kind] = 'a'", &[Sqlite]),
            ("datetime('now')", &[Sqlite]),
            // Words that only look like a query: a string, a quoted name, a column named `values`.
            ("note <> 'SELECT 1'", &Dialect::ALL),
            ("\"select\" > 0", &[Postgres, Sqlite]),
            ("`select` > 0", &[Mysql]),
            ("values > 0", &[Postgres]),
        ] {
            for dialect in dialects {
                validate(text, *dialect).unwrap_or_else(|e| panic!("{text} on {dialect}: {e}"));
            }
        }
    }

    /// Each of these is safe for some reader and breaks out for the database's: the lexer of the
    /// database refuses them, whatever the parser makes of them.
    #[test]
    fn what_breaks_out_on_one_database() {
        for (text, dialect, expected) in [
            (
                "a > 0; DROP TABLE lots",
                Postgres,
                "`;` at character 6 would end the statement on postgres",
            ),
            ("a > 0 -- x", Postgres, "`--` starts a comment on postgres"),
            ("a > 0 # x", Mysql, "`#` starts a comment on mysql"),
            ("a /* x */ > 0", Sqlite, "`/*` starts a comment on sqlite"),
            // MySQL: `\'` is a quote inside the string, so the string ends at the last quote.
            (
                r"a = '\'' ; DROP TABLE x; -- '",
                Mysql,
                "`;` at character 10 would end the statement on mysql",
            ),
            // PostgreSQL: E'' strings take backslash escapes.
            (
                r"a = E'\'' ; DROP TABLE x; -- '",
                Postgres,
                "`;` at character 11 would end the statement on postgres",
            ),
            // PostgreSQL: `$_$` is a dollar quote.
            (
                "a = $_$'$_$; DROP TABLE x; --'",
                Postgres,
                "`;` at character 12 would end the statement on postgres",
            ),
            // SQLite: `[...]` is a quoted identifier.
            (
                "['] ; DROP TABLE x; -- [']",
                Sqlite,
                "`;` at character 5 would end the statement on sqlite",
            ),
            (
                r"a ~ '^[0-9]+\.[0-9]+'",
                Mysql,
                r"the string '^[0-9]+\.[0-9]+' holds a backslash, which MySQL reads as an escape",
            ),
            ("a = 'open", Postgres, "a quote or bracket is never closed on postgres"),
            ("[open = 1", Sqlite, "a quote or bracket is never closed on sqlite"),
            (
                "a = $x$ open",
                Postgres,
                "a quote or bracket is never closed on postgres",
            ),
        ] {
            let error = validate(text, dialect).unwrap_err();
            assert!(error.starts_with(expected), "{text} on {dialect}: {error}");
        }
    }

    #[test]
    fn exactly_one_expression() {
        for (text, expected) in [
            (
                "a > 0 b > 0",
                "it is more than one expression: `b` at line 1 column 7 follows a complete expression",
            ),
            ("a > 0)", "it is more than one expression: `)`"),
            (
                "(a > 0",
                "it is not an expression postgres reads: Expected: ), found: EOF",
            ),
            ("SELECT 1", "it is more than one expression: `1`"),
            ("(SELECT 1)", "it contains a query (`SELECT ...`)"),
            ("a IN (SELECT id FROM t)", "it contains a query (`SELECT ...`)"),
            ("EXISTS (SELECT 1)", "it contains a query (`SELECT ...`)"),
            ("EXISTS (VALUES (1))", "it contains a query (`SELECT ...`)"),
            ("EXISTS (TABLE lots)", "it is not an expression postgres reads"),
            (
                "a IN (WITH x AS (SELECT 1) SELECT * FROM x)",
                "it contains a query (`SELECT ...`)",
            ),
            ("a = ANY (SELECT id FROM t)", "it contains a query (`SELECT ...`)"),
            (
                "coalesce((SELECT max(id) FROM t), 0) > 0",
                "it contains a query (`SELECT ...`)",
            ),
            ("a >", "it is not an expression postgres reads"),
        ] {
            let error = validate(text, Postgres).unwrap_err();
            assert!(error.starts_with(expected), "{text}: {error}");
        }
    }

    /// Runs `f` on a thread with a 2 MiB stack, the default of a spawned thread (and of each
    /// test's), whatever `RUST_MIN_STACK` says.
    fn on_small_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
        std::thread::scope(|s| {
            std::thread::Builder::new()
                .stack_size(2 << 20)
                .spawn_scoped(s, f)
                .unwrap()
                .join()
                .unwrap()
        })
    }

    /// Expressions nested `n` deep, of each shape that recurses in the parser, in every
    /// dialect: an operator on a bracketed operand, function calls, CASE, casts, unary chains.
    fn nested(dialect: Dialect, n: usize) -> Vec<String> {
        let mut shapes = vec![
            format!("{}1", "NOT ".repeat(n)),
            format!("{}1{} = 1", "(".repeat(n), ")".repeat(n)),
            format!("{}a{}", "(a + ".repeat(n), ")".repeat(n)),
            format!("{}1{}", "NOT (".repeat(n), ")".repeat(n)),
            format!("{}1{}", "coalesce(a, ".repeat(n), ")".repeat(n)),
            format!("{}1{}", "(CASE WHEN a > 0 THEN - ".repeat(n), " ELSE 0 END)".repeat(n)),
            format!("{}1{}", "abs(- - ".repeat(n), ")".repeat(n)),
            format!("{}x{}", "lower(a || ".repeat(n), ")".repeat(n)),
        ];
        if dialect == Postgres {
            shapes.push(format!("{}1{}", "(- ".repeat(n), ")::integer".repeat(n)));
        }
        shapes
    }

    /// Nesting is bounded without sqlparser's stack growth: on a 2 MiB stack in a debug build,
    /// the parser's reading on the caller's thread stops before the stack does at every depth,
    /// the deepest accepted expressions are read (on the thread of their own), and deeper ones
    /// are refused, never a stack overflow.
    #[test]
    fn nesting_is_bounded() {
        on_small_stack(|| {
            for dialect in Dialect::ALL {
                for n in 1..=NESTING_LIMIT {
                    for text in nested(dialect, n) {
                        // Read or refused: either way, the stack held.
                        let _ = parse(&text, dialect, INLINE_DEPTH);
                    }
                }
                for text in nested(dialect, NESTING_LIMIT) {
                    validate(&text, dialect).unwrap_or_else(|e| panic!("{dialect}: {e}: {text}"));
                }
                let shallow = "coalesce(a, (b + 1)) - 2 > 0";
                assert!(
                    parse(shallow, dialect, INLINE_DEPTH).is_ok(),
                    "read on the caller's thread"
                );
            }
            let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
            let error = validate(&deep, Postgres).unwrap_err();
            assert_eq!(
                error,
                "it nests brackets more than 32 deep (the bracket at character 33 is the first too deep)"
            );
            let calls = format!("a = {}1{}", "f(".repeat(40), ")".repeat(40));
            assert!(validate(&calls, Mysql).unwrap_err().contains("character 70 "));
            // Brackets inside strings and quoted identifiers do not count.
            let quoted = format!("a = '{}' AND \"{}\" > 0", "(".repeat(100), "[".repeat(100));
            validate(&quoted, Postgres).unwrap();
            // Unary operators without brackets: sqlparser's own limit (which it reports in its
            // own words, depending on where its reading stopped).
            for chain in ["NOT ", "- ", "+ "] {
                let text = format!("{}1", chain.repeat(10_000));
                assert!(validate(&text, Postgres).is_err(), "{chain}");
            }
        });
    }
}

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

use std::ops::ControlFlow;

use sqlparser::ast::{Query, Visit, Visitor};
use sqlparser::dialect::{Dialect as ParserDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::lex::{tokens, Kind};
use crate::dialect::Dialect;

/// How deep an expression may nest (parentheses, operators, function calls) before it is
/// refused rather than parsed further.
const NESTING_LIMIT: usize = 100;

/// `Ok` if `text` is one expression on `dialect`; otherwise what is wrong, as a sentence.
///
/// The lexical reading is done for every database, the target's first: an expression that
/// would break out of its statement on one of them (SQLite's `['] ; ...`, which PostgreSQL reads
/// as an array of one string) is refused on all, so a schema never carries one from a database
/// where it is harmless to one where it is not.
pub fn validate(text: &str, dialect: Dialect) -> Result<(), String> {
    lexically_one(text, dialect)?;
    for other in Dialect::ALL.into_iter().filter(|d| *d != dialect) {
        lexically_one(text, other)?;
    }
    let parser_dialect: &dyn ParserDialect = match dialect {
        Dialect::Postgres => &PostgreSqlDialect {},
        Dialect::Mysql => &MySqlDialect {},
        Dialect::Sqlite => &SQLiteDialect {},
    };
    let mut parser = Parser::new(parser_dialect)
        .with_recursion_limit(NESTING_LIMIT)
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
    if expr.visit(&mut FindQuery).is_break() {
        return Err(
            "it contains a query (`SELECT ...`), which no database runs in a CHECK, a DEFAULT or an index predicate"
                .to_string(),
        );
    }
    Ok(())
}

/// Stops at the first subquery.
struct FindQuery;

impl Visitor for FindQuery {
    type Break = ();

    fn pre_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
        ControlFlow::Break(())
    }
}

/// No statement end or comment outside strings and quoted identifiers, and none of them left
/// open, as `dialect` lexes the text.
fn lexically_one(text: &str, dialect: Dialect) -> Result<(), String> {
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
            ("tags[1] = 'x'", &[Postgres]),
            ("`kind` IN ('a', 'b')", &[Mysql, Sqlite]),
            ("(UUID())", &[Mysql]),
            ("CURRENT_TIMESTAMP(6)", &[Mysql]),
            ("[kind] = 'a'", &[Sqlite]),
            ("datetime('now')", &[Sqlite]),
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
            ("a >", "it is not an expression postgres reads"),
        ] {
            let error = validate(text, Postgres).unwrap_err();
            assert!(error.starts_with(expected), "{text}: {error}");
        }
    }

    /// Nesting is bounded: a deep expression is refused, not a stack overflow.
    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
        let error = validate(&deep, Postgres).unwrap_err();
        assert!(error.contains("recursion limit"), "{error}");
        validate(&format!("{}1{} = 1", "(".repeat(20), ")".repeat(20)), Postgres).unwrap();
    }
}

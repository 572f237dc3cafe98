//! `CREATE POLICY name ON table [AS PERMISSIVE|RESTRICTIVE] [FOR command] [USING (expr)] [WITH
//! CHECK (expr)]`, as Tablewright writes one per tenant table. Each expression is read by
//! `expr.rs` when it has one of its shapes, otherwise by sqlparser alone (its tokens moved to
//! their place). `TO roles`, a comment or anything else leaves the statement to sqlparser.

use sqlparser::ast::{CreatePolicy, CreatePolicyCommand, CreatePolicyType, Expr, Statement};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Location, Token};

use super::cursor::Cursor;
use super::expr::expression;

pub(super) fn create_policy(text: &str) -> Option<Statement> {
    if text.contains(['\\', '$']) || text.contains("--") || text.contains("/*") {
        return None;
    }
    let mut at = Cursor::new(text);
    at.keyword("CREATE")?;
    at.keyword("POLICY")?;
    at.blanks();
    let name = at.ident()?;
    at.keyword("ON")?;
    let table_name = at.object_name()?;
    let policy_type = match at.keyword("AS") {
        None => None,
        Some(_) if at.keyword("PERMISSIVE").is_some() => Some(CreatePolicyType::Permissive),
        Some(_) => {
            at.keyword("RESTRICTIVE")?;
            Some(CreatePolicyType::Restrictive)
        }
    };
    let command = match at.keyword("FOR") {
        None => None,
        Some(_) => Some(
            [
                ("ALL", CreatePolicyCommand::All),
                ("SELECT", CreatePolicyCommand::Select),
                ("INSERT", CreatePolicyCommand::Insert),
                ("UPDATE", CreatePolicyCommand::Update),
                ("DELETE", CreatePolicyCommand::Delete),
            ]
            .into_iter()
            .find_map(|(word, command)| at.keyword(word).map(|_| command))?,
        ),
    };
    let using = match at.keyword("USING") {
        Some(_) => Some(bracketed(&mut at)?),
        None => None,
    };
    let with_check = match at.keyword("WITH") {
        Some(_) => {
            at.keyword("CHECK")?;
            Some(bracketed(&mut at)?)
        }
        None => None,
    };
    at.end()?;
    Some(Statement::CreatePolicy(CreatePolicy {
        name,
        table_name,
        policy_type,
        command,
        to: None,
        using,
        with_check,
    }))
}

/// `(expr)`: the expression by `expr.rs` or, failing that, by sqlparser.
fn bracketed(at: &mut Cursor) -> Option<Expr> {
    at.blanks();
    at.punctuation('(')?;
    let (from, start) = (at.pos, at.location());
    let to = super::element_end(at.rest(), 0, false)? + from;
    let inside = &at.rest()[..to - from];
    let fast = {
        let mut inner = Cursor::starting_at(inside, start);
        expression(&mut inner).filter(|_| inner.end().is_some())
    };
    let expr = match fast {
        Some(expr) => expr,
        None => by_sqlparser(inside, start)?,
    };
    while at.pos < to {
        at.bump();
    }
    at.punctuation(')')?;
    Some(expr)
}

/// One expression read by sqlparser on its own, its tokens moved to `start`.
fn by_sqlparser(text: &str, start: Location) -> Option<Expr> {
    let dialect = PostgreSqlDialect {};
    let tokens = super::moved_tokens(&dialect, text, start)?;
    let mut parser = Parser::new(&dialect).with_tokens_with_locations(tokens);
    let expr = parser.parse_expr().ok()?;
    (parser.peek_token().token == Token::EOF).then_some(expr)
}

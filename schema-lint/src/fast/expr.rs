//! Expressions of a few plain shapes, built as sqlparser builds them: a name, a number, a string,
//! `TRUE`/`FALSE`, a call whose arguments are such expressions, each optionally cast with `::`
//! to a type of [`data_type`], and one `=` between two of them. That covers the defaults and the
//! tenant policies Tablewright writes (`"tenant_id" = NULLIF(current_setting('...', true),
//! '')::uuid`). Anything else (another operator, brackets, a keyword, a qualified name) gives
//! `None`, and the caller leaves the text to sqlparser.

use sqlparser::ast::{
    BinaryOperator, CastKind, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentList, FunctionArguments,
    ObjectName, ObjectNamePart, Value, ValueWithSpan,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Location, Span, Token};

use super::create_table::data_type;
use super::cursor::{is_keyword, Cursor};

/// `operand [comparison operand]`. The caller checks what follows.
pub(super) fn expression(at: &mut Cursor) -> Option<Expr> {
    let left = operand(at)?;
    at.blanks();
    let Some(op) = comparison(at) else {
        return Some(left);
    };
    let right = operand(at)?;
    at.blanks();
    // A second operator nests by precedence; leave it.
    if at.peek().is_some_and(is_operator_char) {
        return None;
    }
    Some(Expr::BinaryOp {
        left: Box::new(left),
        op,
        right: Box::new(right),
    })
}

/// `=`, `<>`, `!=`, `<`, `<=`, `>`, `>=`, not followed by another operator character.
fn comparison(at: &mut Cursor) -> Option<BinaryOperator> {
    let (op, length) = [
        ("<>", BinaryOperator::NotEq),
        ("!=", BinaryOperator::NotEq),
        ("<=", BinaryOperator::LtEq),
        (">=", BinaryOperator::GtEq),
        ("=", BinaryOperator::Eq),
        ("<", BinaryOperator::Lt),
        (">", BinaryOperator::Gt),
    ]
    .into_iter()
    .find_map(|(text, op)| at.rest().starts_with(text).then_some((op, text.len())))?;
    if at.rest()[length..].starts_with(is_operator_char) {
        return None;
    }
    for _ in 0..length {
        at.bump();
    }
    Some(op)
}

fn is_operator_char(c: char) -> bool {
    "+-*/<>=~!@#%^&|`?:".contains(c)
}

/// `primary [::type]`
fn operand(at: &mut Cursor) -> Option<Expr> {
    let primary = primary(at)?;
    at.blanks();
    if !at.rest().starts_with("::") {
        return Some(primary);
    }
    at.bump();
    at.bump();
    at.blanks();
    let data_type = data_type(at)?;
    at.blanks();
    // `[]`, a second cast, `.`: sqlparser's.
    if matches!(at.peek(), Some('[' | ':' | '.')) {
        return None;
    }
    Some(Expr::Cast {
        kind: CastKind::DoubleColon,
        expr: Box::new(primary),
        data_type,
        format: None,
    })
}

fn primary(at: &mut Cursor) -> Option<Expr> {
    at.blanks();
    let start = at.location();
    let value = |value, at: &Cursor| {
        Expr::Value(ValueWithSpan {
            value,
            span: Span::new(start, at.location()),
        })
    };
    match at.peek()? {
        '0'..='9' => {
            let from = at.pos;
            while at.peek().is_some_and(|c| c.is_ascii_digit()) {
                at.bump();
            }
            if at.punctuation('.').is_some() {
                let fraction = at.pos;
                while at.peek().is_some_and(|c| c.is_ascii_digit()) {
                    at.bump();
                }
                if at.pos == fraction {
                    return None;
                }
            }
            // `1e5`, `12abc`: not a plain number.
            if at
                .peek()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '.')
            {
                return None;
            }
            let number = at.consumed_since(from).to_string();
            Some(value(Value::Number(number, false), at))
        }
        '\'' => {
            let string = at.string()?;
            Some(value(Value::SingleQuotedString(string), at))
        }
        _ => {
            let name = at.ident()?;
            // A qualified name, or a name glued to a string (`E'...'`, `U&'...'`).
            if matches!(at.peek(), Some('.' | '\'' | '"' | '&')) {
                return None;
            }
            if at.peek() == Some('(') {
                return call(at, name);
            }
            if name.quote_style.is_some() {
                return Some(Expr::Identifier(name));
            }
            match name.value.to_ascii_uppercase().as_str() {
                "TRUE" => Some(value(Value::Boolean(true), at)),
                "FALSE" => Some(value(Value::Boolean(false), at)),
                // Keywords are syntax (`NULL`, `CURRENT_USER`, `INTERVAL` ...).
                _ if is_keyword(&name.value) => None,
                _ => Some(Expr::Identifier(name)),
            }
        }
    }
}

/// `name(argument, ...)`, the cursor on `(`.
fn call(at: &mut Cursor, name: sqlparser::ast::Ident) -> Option<Expr> {
    // Keywords before `(` may be syntax of their own (`CAST(`, `EXTRACT(`, `ARRAY(`...);
    // `NULLIF` is read as a plain call.
    let plain = name.quote_style.is_none() && (!is_keyword(&name.value) || name.value.eq_ignore_ascii_case("NULLIF"));
    if !plain {
        return None;
    }
    at.bump();
    at.blanks();
    let mut args = Vec::new();
    if at.punctuation(')').is_none() {
        loop {
            let argument = expression(at)?;
            args.push(FunctionArg::Unnamed(FunctionArgExpr::Expr(argument)));
            at.blanks();
            if at.punctuation(',').is_none() {
                at.punctuation(')')?;
                break;
            }
        }
    }
    Some(Expr::Function(Function {
        name: ObjectName(vec![ObjectNamePart::Identifier(name)]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args,
            clauses: Vec::new(),
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: Vec::new(),
    }))
}

/// `(expr)`: the expression by `expr.rs` or, failing that, by sqlparser.
pub(super) fn bracketed(at: &mut Cursor) -> Option<Expr> {
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
    at.advance_to(to);
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

#[cfg(test)]
mod tests {
    use sqlparser::tokenizer::Location;

    use super::*;

    /// What Tablewright writes is read here, not by sqlparser (the point of the module).
    #[test]
    fn generated_expressions_take_the_fast_way() {
        for text in [
            "\"tenant_id\" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid",
            "gen_random_uuid()",
            "0.000",
            "'QUARANTINE'",
            "now()",
        ] {
            let mut at = Cursor::starting_at(text, Location::new(3, 17));
            assert!(expression(&mut at).is_some() && at.end().is_some(), "{text}");
        }
    }
}

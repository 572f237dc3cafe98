//! `CREATE TABLE name (element, ...)`, the largest statement of a generated migration.
//!
//! The statement is cut into its elements at the commas between them. A column of a plain shape
//! (a name, a type of the list below, `NOT NULL`/`NULL`, and last a `DEFAULT` of the shapes
//! `expr.rs` reads) is built here, a named constraint of the shapes `constraint.rs` reads there;
//! any other element (an array type, a column constraint...) is given to sqlparser alone, its tokens
//! moved to their place in the statement, so its spans come out as in a whole parse. Anything
//! after the list, `IF NOT EXISTS`, a comment, a backslash or a dollar sign leaves the whole
//! statement to sqlparser.

use sqlparser::ast::helpers::stmt_create_table::CreateTableBuilder;
use sqlparser::ast::{
    CharacterLength, ColumnDef, ColumnOption, ColumnOptionDef, DataType, ExactNumberInfo, Statement, TableConstraint,
    TimezoneInfo,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Location, Token};

use super::constraint::table_constraint;
use super::cursor::{is_keyword, Cursor};
use super::expr::expression;

pub(super) fn create_table(text: &str) -> Option<Statement> {
    // Text whose cutting needs more than quotes and brackets.
    if text.contains(['\\', '$']) || text.contains("--") || text.contains("/*") {
        return None;
    }
    let mut at = Cursor::new(text);
    at.keyword("CREATE")?;
    at.keyword("TABLE")?;
    let name = at.object_name()?;
    at.blanks();
    at.punctuation('(')?;
    let mut columns = Vec::new();
    let mut constraints = Vec::new();
    loop {
        at.blanks();
        let (from, start) = (at.pos, at.location());
        let to = super::element_end(text, from, true)?;
        let element = &text[from..to];
        if element.trim_end().is_empty() {
            return None;
        }
        if let Some(column) = column(element, start) {
            columns.push(column);
        } else if let Some(constraint) = table_constraint(element, start) {
            constraints.push(constraint);
        } else {
            match by_sqlparser(element, start)? {
                Element::Column(column) => columns.push(column),
                Element::Constraint(constraint) => constraints.push(constraint),
            }
        }
        at.advance_to(to);
        if at.punctuation(',').is_none() {
            at.punctuation(')')?;
            break;
        }
    }
    at.end()?;
    Some(Statement::CreateTable(
        CreateTableBuilder::new(name)
            .columns(columns)
            .constraints(constraints)
            .build(),
    ))
}

/// `name type [NOT NULL | NULL]... [DEFAULT value]`, nothing else.
fn column(text: &str, start: Location) -> Option<ColumnDef> {
    let mut at = Cursor::starting_at(text, start);
    let name = at.ident()?;
    // A keyword may start a table constraint (`check`, `primary`, ...).
    if name.quote_style.is_none() && is_keyword(&name.value) {
        return None;
    }
    if !matches!(at.peek(), Some(' ' | '\t' | '\n' | '\r')) {
        return None;
    }
    at.blanks();
    let data_type = data_type(&mut at)?;
    // An array (`[]`), a time zone clause or any other continuation is left to sqlparser.
    if !matches!(at.peek(), None | Some(' ' | '\t' | '\n' | '\r')) {
        return None;
    }
    let mut options = Vec::new();
    let option = |option| ColumnOptionDef { name: None, option };
    loop {
        if at.end().is_some() {
            break;
        }
        if at.keyword("NOT").is_some() {
            at.keyword("NULL")?;
            options.push(option(ColumnOption::NotNull));
        } else if at.keyword("NULL").is_some() {
            options.push(option(ColumnOption::Null));
        } else {
            at.keyword("DEFAULT")?;
            at.blanks();
            options.push(option(ColumnOption::Default(expression(&mut at)?)));
            at.end()?;
            break;
        }
    }
    Some(ColumnDef {
        name,
        data_type,
        options,
    })
}

/// A type without arguments, or with the number arguments of `varchar(n)`, `numeric(p, s)`,
/// `timestamptz(p)`.
pub(super) fn data_type(at: &mut Cursor) -> Option<DataType> {
    let word = word(at)?;
    let lower = word.to_ascii_lowercase();
    let data_type = match lower.as_str() {
        "uuid" => DataType::Uuid,
        "text" => DataType::Text,
        "boolean" => DataType::Boolean,
        "bool" => DataType::Bool,
        "date" => DataType::Date,
        "json" => DataType::JSON,
        "jsonb" => DataType::JSONB,
        "bytea" => DataType::Bytea,
        "real" => DataType::Real,
        "smallint" => DataType::SmallInt(None),
        "integer" => DataType::Integer(None),
        "int" => DataType::Int(None),
        "bigint" => DataType::BigInt(None),
        "double" => {
            at.blanks();
            at.keyword("PRECISION")?;
            DataType::DoublePrecision
        }
        "varchar" => DataType::Varchar(numbers(at, 1)?.map(|n| CharacterLength::IntegerLength {
            length: n[0],
            unit: None,
        })),
        "numeric" => DataType::Numeric(match numbers(at, 2)?.as_deref() {
            None => ExactNumberInfo::None,
            Some([p]) => ExactNumberInfo::Precision(*p),
            Some([p, s]) => ExactNumberInfo::PrecisionAndScale(*p, i64::try_from(*s).ok()?),
            Some(_) => return None,
        }),
        "timestamptz" => DataType::Timestamp(numbers(at, 1)?.map(|n| n[0]), TimezoneInfo::Tz),
        _ => return None,
    };
    Some(data_type)
}

/// An unquoted word of ASCII letters, digits and `_`, starting with a letter or `_`.
fn word(at: &mut Cursor) -> Option<String> {
    let ident = at.ident()?;
    ident.quote_style.is_none().then_some(ident.value)
}

/// `(n)` or `(n, m)` up to `most` numbers right after a type name, or nothing: `Some(None)`.
fn numbers(at: &mut Cursor, most: usize) -> Option<Option<Vec<u64>>> {
    if at.peek() != Some('(') {
        return Some(None);
    }
    at.bump();
    let mut numbers = Vec::new();
    loop {
        at.blanks();
        let from = at.pos;
        while at.peek().is_some_and(|c| c.is_ascii_digit()) {
            at.bump();
        }
        numbers.push(at.consumed_since(from).parse().ok()?);
        at.blanks();
        if at.punctuation(',').is_none() {
            break;
        }
    }
    at.punctuation(')')?;
    (numbers.len() <= most).then_some(Some(numbers))
}

enum Element {
    Column(ColumnDef),
    Constraint(TableConstraint),
}

/// One element read by sqlparser on its own, its tokens moved to `start`.
fn by_sqlparser(text: &str, start: Location) -> Option<Element> {
    let dialect = PostgreSqlDialect {};
    let tokens = super::moved_tokens(&dialect, text, start)?;
    let mut parser = Parser::new(&dialect).with_tokens_with_locations(tokens);
    let element = match parser.parse_optional_table_constraint().ok()? {
        Some(constraint) => Element::Constraint(constraint),
        None => Element::Column(parser.parse_column_def().ok()?),
    };
    (parser.peek_token().token == Token::EOF).then_some(element)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns Tablewright writes are read here, not by sqlparser (the point of the module).
    #[test]
    fn generated_columns_take_the_fast_way() {
        for text in [
            "\"id\" uuid NOT NULL DEFAULT gen_random_uuid()",
            "\"quantity\" numeric(14, 3) NOT NULL DEFAULT 0.000",
            "\"code\" varchar(40) NOT NULL",
            "\"c01\" text",
            "\"created_at\" timestamptz NOT NULL DEFAULT now()",
            "\"flag\" boolean NOT NULL DEFAULT FALSE",
            "\"status\" varchar(20) NOT NULL DEFAULT 'QUARANTINE'",
        ] {
            assert!(column(text, Location::new(2, 5)).is_some(), "{text}");
        }
    }
}

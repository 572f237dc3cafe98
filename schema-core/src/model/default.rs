//! Column defaults: literal values (rendered through each dialect's literal quoting) and SQL
//! expressions, with the two expressions every schema needs made portable.

use serde::{Deserialize, Serialize};

use crate::sql::{ExprError, SqlExpr};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultValue {
    /// A value, e.g. `0.00`, `true`, `'WAREHOUSE'`.
    Literal(Literal),
    /// The current time: `now()` on PostgreSQL, `CURRENT_TIMESTAMP` elsewhere.
    CurrentTimestamp,
    /// A new UUID for every row: `gen_random_uuid()` (version 4) on PostgreSQL, `UUID()` on
    /// MySQL (version 1, time-based), a version-4 expression on SQLite.
    RandomUuid,
    /// Any other SQL expression, passed through to every dialect.
    Sql(SqlExpr),
}

impl DefaultValue {
    /// Reads a `default_sql` expression, recognising the portable spellings.
    pub fn from_sql(text: &str) -> Result<DefaultValue, ExprError> {
        let expr = SqlExpr::parse(text)?;
        let compact: String = expr
            .as_str()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        Ok(match compact.as_str() {
            "now()" | "current_timestamp" | "current_timestamp()" => DefaultValue::CurrentTimestamp,
            "gen_random_uuid()" | "uuid()" => DefaultValue::RandomUuid,
            _ => DefaultValue::Sql(expr),
        })
    }
}

/// A literal default value. Numbers are kept as canonical decimal text (`0.00` and `0` are both
/// `0`), so the same value always makes the same model whatever way it was written; rendering
/// writes them at the column's scale again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Literal {
    Bool(bool),
    Number(String),
    String(String),
}

impl Literal {
    /// A number literal, checked to be a plain decimal (`-12`, `0.5`; `1e3` is refused), in
    /// canonical form: no leading or trailing zeros, no `-0`.
    pub fn number(text: &str) -> Option<Literal> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut parts = digits.splitn(2, '.');
        let whole = parts.next().unwrap_or_default();
        let fraction = parts.next();
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !(all_digits(whole) && fraction.is_none_or(all_digits)) {
            return None;
        }
        let whole = match whole.trim_start_matches('0') {
            "" => "0",
            trimmed => trimmed,
        };
        let fraction = fraction.unwrap_or_default().trim_end_matches('0');
        let mut canonical = String::new();
        if negative && !(whole == "0" && fraction.is_empty()) {
            canonical.push('-');
        }
        canonical.push_str(whole);
        if !fraction.is_empty() {
            canonical.push('.');
            canonical.push_str(fraction);
        }
        Some(Literal::Number(canonical))
    }

    /// What the value is, for error messages.
    pub fn describe(&self) -> String {
        match self {
            Literal::Bool(b) => format!("the boolean `{b}`"),
            Literal::Number(n) => format!("the number `{n}`"),
            Literal::String(s) => format!("the string {s:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portable_expressions_are_recognised() {
        assert_eq!(DefaultValue::from_sql("NOW()").unwrap(), DefaultValue::CurrentTimestamp);
        assert_eq!(
            DefaultValue::from_sql(" now ( ) ").unwrap(),
            DefaultValue::CurrentTimestamp
        );
        assert_eq!(
            DefaultValue::from_sql("CURRENT_TIMESTAMP").unwrap(),
            DefaultValue::CurrentTimestamp
        );
        assert_eq!(
            DefaultValue::from_sql("gen_random_uuid()").unwrap(),
            DefaultValue::RandomUuid
        );
        assert!(matches!(
            DefaultValue::from_sql("lower('X')").unwrap(),
            DefaultValue::Sql(_)
        ));
    }

    #[test]
    fn numbers_are_plain_decimals() {
        assert_eq!(Literal::number("0.00"), Some(Literal::Number("0".into())));
        assert_eq!(Literal::number("-5"), Some(Literal::Number("-5".into())));
        assert_eq!(Literal::number("007.250"), Some(Literal::Number("7.25".into())));
        assert_eq!(Literal::number("-0.0"), Some(Literal::Number("0".into())));
        for bad in ["", "-", "1e3", "1.", ".5", "0x10", "1.2.3", "1; DROP"] {
            assert_eq!(Literal::number(bad), None, "{bad}");
        }
    }
}

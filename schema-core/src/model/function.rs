//! SQL functions declared by the schema (PostgreSQL): their signature, body and options, as
//! written. The database prints them back in its own form; drift compares that form on both
//! sides (see `catalog::drift`), so nothing here is normalized beyond case and blanks.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Origin;

/// One function: `CREATE FUNCTION name(arguments) RETURNS returns LANGUAGE language AS body`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Function {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<FunctionArgument>,
    /// The result type as SQL: `trigger`, `integer`, `setof text`, `table (id bigint, name text)`.
    pub returns: String,
    /// `sql` or `plpgsql`.
    pub language: String,
    /// The function's body, as written (the text between the dollar quotes).
    pub body: String,
    #[serde(default, skip_serializing_if = "Volatility::is_volatile")]
    pub volatility: Volatility,
    /// `STRICT`: returns NULL without running when an argument is NULL.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strict: bool,
    /// `SECURITY DEFINER`: runs with the privileges of its owner.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub security_definer: bool,
    /// Settings in force while it runs (`SET search_path = ...`), by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub set: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The function's previous name (same arguments): the next migration renames it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Declared for the checks only (a built-in function, or one an extension or another team
    /// creates): never created, changed or dropped by a migration.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunctionArgument {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The argument's type as SQL (`integer`, `text[]`).
    #[serde(rename = "type")]
    pub ty: String,
    /// The default as a SQL expression (`DEFAULT 26`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Volatility {
    Immutable,
    Stable,
    #[default]
    Volatile,
}

impl Volatility {
    pub const ALL: [(&'static str, Volatility); 3] = [
        ("immutable", Volatility::Immutable),
        ("stable", Volatility::Stable),
        ("volatile", Volatility::Volatile),
    ];

    pub fn parse(text: &str) -> Option<Volatility> {
        let text = text.trim().to_ascii_lowercase();
        Self::ALL.iter().find(|(name, _)| *name == text).map(|(_, v)| *v)
    }

    pub fn is_volatile(&self) -> bool {
        *self == Volatility::Volatile
    }

    pub fn sql(self) -> &'static str {
        match self {
            Volatility::Immutable => "IMMUTABLE",
            Volatility::Stable => "STABLE",
            Volatility::Volatile => "VOLATILE",
        }
    }
}

/// The languages a declared function may be written in.
pub const FUNCTION_LANGUAGES: &[&str] = &["sql", "plpgsql"];

impl Function {
    /// The argument types, as they identify the function: `integer, text`.
    pub fn argument_types(&self) -> String {
        self.arguments
            .iter()
            .map(|a| normalize_sql_type(&a.ty))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `name(integer, text)`: what tells two functions apart (PostgreSQL overloads by argument
    /// types).
    pub fn signature(&self) -> String {
        format!("{}({})", self.name, self.argument_types())
    }

    /// Whether it is a trigger function (`RETURNS trigger`).
    pub fn returns_trigger(&self) -> bool {
        normalize_sql_type(&self.returns) == "trigger"
    }

    /// What `CREATE OR REPLACE FUNCTION` cannot change: the result type, the arguments' names,
    /// and a default taken away (PostgreSQL refuses each; the function is dropped and created).
    pub fn replaceable_by(&self, new: &Function) -> bool {
        normalize_sql_type(&self.returns) == normalize_sql_type(&new.returns)
            && self.arguments.len() == new.arguments.len()
            && self.arguments.iter().zip(&new.arguments).all(|(old, new)| {
                old.name == new.name
                    && normalize_sql_type(&old.ty) == normalize_sql_type(&new.ty)
                    && (old.default.is_none() || new.default.is_some())
            })
    }

    /// Whether `sql` (a default, a check, a generated column's expression, a WHEN) calls this
    /// function: its name followed by `(`, as a whole word, outside quotes.
    pub fn is_called_in(&self, sql: &str) -> bool {
        calls(sql).iter().any(|called| called.eq_ignore_ascii_case(&self.name))
    }
}

/// The names of the functions `sql` calls: each word followed by `(`, outside string literals
/// and quoted names (a quoted name followed by `(` is a call too).
pub fn calls(sql: &str) -> Vec<String> {
    let mut found = Vec::new();
    let chars: Vec<char> = sql.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            i += 1;
            while i < chars.len() {
                if chars[i] == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i += 1;
            continue;
        }
        let word = if c == '"' {
            let start = i + 1;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += 1;
            }
            let word: String = chars[start..i.min(chars.len())].iter().collect();
            i += 1;
            Some(word)
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$') {
                i += 1;
            }
            Some(chars[start..i].iter().collect())
        } else {
            i += 1;
            None
        };
        if let Some(word) = word {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            // `schema.name(`: the last part is the function (`schema` is followed by a dot).
            let qualified = i < chars.len() && chars[i] == '.';
            if !qualified && chars.get(j) == Some(&'(') {
                found.push(word);
            }
        }
    }
    found
}

/// A type as SQL, lowercased with single blanks (`Integer` and `integer` are one type; `int4`
/// stays `int4`: the database's own spelling is compared in drift).
pub fn normalize_sql_type(ty: &str) -> String {
    ty.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
        .replace(" (", "(")
        .replace(", ", ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn function(returns: &str, arguments: &[(&str, &str, Option<&str>)]) -> Function {
        Function {
            name: "f".into(),
            arguments: arguments
                .iter()
                .map(|(name, ty, default)| FunctionArgument {
                    name: (!name.is_empty()).then(|| name.to_string()),
                    ty: ty.to_string(),
                    default: default.map(str::to_string),
                })
                .collect(),
            returns: returns.into(),
            language: "sql".into(),
            body: "SELECT 1".into(),
            volatility: Volatility::Volatile,
            strict: false,
            security_definer: false,
            set: BTreeMap::new(),
            comment: None,
            renamed_from: None,
            external: false,
            origin: Origin::default(),
        }
    }

    #[test]
    fn calls_are_words_followed_by_a_parenthesis_outside_strings() {
        assert_eq!(calls("random_string(26)"), vec!["random_string"]);
        assert_eq!(calls("lower(name) || 'f(x)'"), vec!["lower"]);
        assert_eq!(calls("\"Odd\" (1) + public.g(2)"), vec!["Odd", "g"]);
        assert_eq!(calls("a IN (1, 2)"), vec!["IN"]);
        assert!(calls("qty > 0").is_empty());
    }

    #[test]
    fn what_create_or_replace_can_change() {
        let old = function("integer", &[("n", "integer", Some("1"))]);
        assert!(old.replaceable_by(&function("integer", &[("n", "Integer", Some("2"))])));
        assert!(!old.replaceable_by(&function("bigint", &[("n", "integer", Some("1"))])));
        assert!(!old.replaceable_by(&function("integer", &[("m", "integer", Some("1"))])));
        assert!(
            !old.replaceable_by(&function("integer", &[("n", "integer", None)])),
            "a default taken away"
        );
        assert_eq!(old.signature(), "f(integer)");
        assert!(function("TRIGGER", &[]).returns_trigger());
    }
}

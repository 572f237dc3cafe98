//! The portable column types and their one spelling (`varchar(20)`, `numeric(12,3)`, ...), shared
//! by YAML `type:`, the derive's `sql_type = "..."` and the snapshot JSON.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A column type every dialect can store. Dialect-specific types go in `native_types`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColumnType {
    SmallInt,
    Integer,
    BigInt,
    /// Auto-incrementing `integer` key (an identity column on PostgreSQL).
    Serial,
    /// Auto-incrementing `bigint` key.
    BigSerial,
    Boolean,
    Text,
    Varchar(u32),
    /// `numeric(precision, scale)`, or unconstrained `numeric`.
    Numeric(Option<(u32, u32)>),
    Real,
    Double,
    Date,
    Time,
    Timestamp,
    Timestamptz,
    Uuid,
    Json,
    Jsonb,
    Binary,
}

/// Why a type string was not understood.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TypeError {
    #[error("unknown type `{found}`{suggestion}")]
    Unknown { found: String, suggestion: String },
    #[error("`{found}`: {problem}")]
    BadArguments { found: String, problem: String },
}

/// The canonical names, with the aliases each accepts, in the order the docs list them.
const NAMES: &[(&str, &[&str])] = &[
    ("smallint", &["int2"]),
    ("integer", &["int", "int4"]),
    ("bigint", &["int8"]),
    ("serial", &[]),
    ("bigserial", &[]),
    ("boolean", &["bool"]),
    ("text", &["string"]),
    ("varchar(n)", &["character varying(n)"]),
    ("numeric(p,s)", &["numeric", "decimal(p,s)", "decimal"]),
    ("real", &["float4"]),
    ("double", &["float8", "double precision"]),
    ("date", &[]),
    ("time", &[]),
    ("timestamp", &[]),
    ("timestamptz", &["timestamp with time zone"]),
    ("uuid", &[]),
    ("json", &[]),
    ("jsonb", &[]),
    ("binary", &["bytea", "blob"]),
];

impl ColumnType {
    /// The list of valid spellings, for error messages.
    pub fn valid_names() -> String {
        NAMES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
    }

    pub fn is_integer(self) -> bool {
        matches!(
            self,
            ColumnType::SmallInt
                | ColumnType::Integer
                | ColumnType::BigInt
                | ColumnType::Serial
                | ColumnType::BigSerial
        )
    }

    pub fn is_serial(self) -> bool {
        matches!(self, ColumnType::Serial | ColumnType::BigSerial)
    }

    /// The plain integer type of an auto-incrementing one (for a column that copies its values).
    pub fn without_serial(self) -> ColumnType {
        match self {
            ColumnType::Serial => ColumnType::Integer,
            ColumnType::BigSerial => ColumnType::BigInt,
            other => other,
        }
    }

    pub fn is_textual(self) -> bool {
        matches!(self, ColumnType::Text | ColumnType::Varchar(_))
    }

    pub fn is_timestamp(self) -> bool {
        matches!(self, ColumnType::Timestamp | ColumnType::Timestamptz)
    }

    pub fn is_json(self) -> bool {
        matches!(self, ColumnType::Json | ColumnType::Jsonb)
    }
}

impl fmt::Display for ColumnType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnType::SmallInt => f.write_str("smallint"),
            ColumnType::Integer => f.write_str("integer"),
            ColumnType::BigInt => f.write_str("bigint"),
            ColumnType::Serial => f.write_str("serial"),
            ColumnType::BigSerial => f.write_str("bigserial"),
            ColumnType::Boolean => f.write_str("boolean"),
            ColumnType::Text => f.write_str("text"),
            ColumnType::Varchar(n) => write!(f, "varchar({n})"),
            ColumnType::Numeric(None) => f.write_str("numeric"),
            ColumnType::Numeric(Some((p, s))) => write!(f, "numeric({p},{s})"),
            ColumnType::Real => f.write_str("real"),
            ColumnType::Double => f.write_str("double"),
            ColumnType::Date => f.write_str("date"),
            ColumnType::Time => f.write_str("time"),
            ColumnType::Timestamp => f.write_str("timestamp"),
            ColumnType::Timestamptz => f.write_str("timestamptz"),
            ColumnType::Uuid => f.write_str("uuid"),
            ColumnType::Json => f.write_str("json"),
            ColumnType::Jsonb => f.write_str("jsonb"),
            ColumnType::Binary => f.write_str("binary"),
        }
    }
}

impl FromStr for ColumnType {
    type Err = TypeError;

    fn from_str(text: &str) -> Result<Self, TypeError> {
        let lower = text.trim().to_ascii_lowercase();
        let (head, args) = split_arguments(&lower).ok_or_else(|| TypeError::BadArguments {
            found: text.to_string(),
            problem: "unbalanced parentheses; write e.g. `varchar(50)` or `numeric(12,3)`".into(),
        })?;
        let head = head.split_whitespace().collect::<Vec<_>>().join(" ");
        let bad = |problem: &str| TypeError::BadArguments {
            found: text.to_string(),
            problem: problem.to_string(),
        };
        let no_args = |ty: ColumnType| match args {
            None => Ok(ty),
            Some(_) => Err(bad("this type takes no arguments")),
        };
        match head.as_str() {
            "smallint" | "int2" => no_args(ColumnType::SmallInt),
            "integer" | "int" | "int4" => no_args(ColumnType::Integer),
            "bigint" | "int8" => no_args(ColumnType::BigInt),
            "serial" => no_args(ColumnType::Serial),
            "bigserial" => no_args(ColumnType::BigSerial),
            "boolean" | "bool" => no_args(ColumnType::Boolean),
            "text" | "string" => no_args(ColumnType::Text),
            "varchar" | "character varying" => match args.as_deref() {
                Some([n]) => match n.parse::<u32>() {
                    Ok(n) if (1..=65_535).contains(&n) => Ok(ColumnType::Varchar(n)),
                    _ => Err(bad("the length must be a whole number from 1 to 65535")),
                },
                _ => Err(bad("varchar needs a length: `varchar(50)`; use `text` for no limit")),
            },
            "numeric" | "decimal" => match args.as_deref() {
                None => Ok(ColumnType::Numeric(None)),
                Some([p]) => parse_precision(p, "0").map_err(|e| bad(&e)),
                Some([p, s]) => parse_precision(p, s).map_err(|e| bad(&e)),
                Some(_) => Err(bad("write `numeric(precision, scale)`, e.g. `numeric(12,3)`")),
            },
            "real" | "float4" => no_args(ColumnType::Real),
            "double" | "float8" | "double precision" => no_args(ColumnType::Double),
            "date" => no_args(ColumnType::Date),
            "time" => no_args(ColumnType::Time),
            "timestamp" => no_args(ColumnType::Timestamp),
            "timestamptz" | "timestamp with time zone" => no_args(ColumnType::Timestamptz),
            "uuid" => no_args(ColumnType::Uuid),
            "json" => no_args(ColumnType::Json),
            "jsonb" => no_args(ColumnType::Jsonb),
            "binary" | "bytea" | "blob" => no_args(ColumnType::Binary),
            _ => Err(TypeError::Unknown {
                found: text.to_string(),
                suggestion: suggest(&head),
            }),
        }
    }
}

fn parse_precision(p: &str, s: &str) -> Result<ColumnType, String> {
    let (Ok(p), Ok(s)) = (p.parse::<u32>(), s.parse::<u32>()) else {
        return Err("precision and scale must be whole numbers: `numeric(12,3)`".into());
    };
    if !(1..=65).contains(&p) {
        // 65 is MySQL's limit, the lowest of the three dialects.
        return Err(format!("precision {p} is outside 1..=65"));
    }
    if s > p || s > 30 {
        return Err(format!("scale {s} must be at most the precision ({p}) and at most 30"));
    }
    Ok(ColumnType::Numeric(Some((p, s))))
}

/// Splits `varchar(50)` into `("varchar", Some(["50"]))`; `None` for unbalanced parentheses.
fn split_arguments(text: &str) -> Option<(&str, Option<Vec<String>>)> {
    match text.find('(') {
        None if text.contains(')') => None,
        None => Some((text, None)),
        Some(open) => {
            let rest = &text[open + 1..];
            let close = rest.find(')')?;
            if !rest[close + 1..].trim().is_empty() || rest[..close].contains('(') {
                return None;
            }
            let args = rest[..close].split(',').map(|a| a.trim().to_string()).collect();
            Some((text[..open].trim_end(), Some(args)))
        }
    }
}

fn suggest(found: &str) -> String {
    let candidates = NAMES
        .iter()
        .flat_map(|(name, aliases)| std::iter::once(*name).chain(aliases.iter().copied()));
    let best = candidates
        .map(|c| (strsim::jaro_winkler(found, c.split('(').next().unwrap_or(c)), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, name)) => format!("; did you mean `{name}`? Valid types: {}", ColumnType::valid_names()),
        None => format!("; valid types: {}", ColumnType::valid_names()),
    }
}

impl Serialize for ColumnType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ColumnType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_spellings_round_trip() {
        for text in [
            "smallint",
            "integer",
            "bigint",
            "serial",
            "bigserial",
            "boolean",
            "text",
            "varchar(20)",
            "numeric",
            "numeric(12,3)",
            "real",
            "double",
            "date",
            "time",
            "timestamp",
            "timestamptz",
            "uuid",
            "json",
            "jsonb",
            "binary",
        ] {
            let ty: ColumnType = text.parse().unwrap();
            assert_eq!(ty.to_string(), text);
        }
    }

    #[test]
    fn aliases_and_spacing() {
        assert_eq!("DECIMAL( 12 , 3 )".parse(), Ok(ColumnType::Numeric(Some((12, 3)))));
        assert_eq!("double precision".parse(), Ok(ColumnType::Double));
        assert_eq!("VARCHAR(10)".parse(), Ok(ColumnType::Varchar(10)));
        assert_eq!("numeric(5)".parse(), Ok(ColumnType::Numeric(Some((5, 0)))));
    }

    #[test]
    fn errors_teach() {
        let err = "strnig".parse::<ColumnType>().unwrap_err().to_string();
        assert!(
            err.starts_with("unknown type `strnig`; did you mean `string`?"),
            "{err}"
        );
        let err = "varchar".parse::<ColumnType>().unwrap_err().to_string();
        assert!(err.contains("varchar needs a length"), "{err}");
        let err = "numeric(3,5)".parse::<ColumnType>().unwrap_err().to_string();
        assert!(err.contains("scale 5 must be at most the precision (3)"), "{err}");
        assert!("varchar(10".parse::<ColumnType>().is_err());
        assert!("text(5)".parse::<ColumnType>().is_err());
    }
}

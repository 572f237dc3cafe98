//! The portable column types and their one spelling (`varchar(20)`, `numeric(12,3)`, ...), shared
//! by YAML `type:`, the derive's `sql_type = "..."` and the snapshot JSON.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;
use std::sync::{Mutex, OnceLock};

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
    /// `time(p)`: fractional seconds kept to `p` digits (0 to 6); `None` writes no precision
    /// (PostgreSQL's default, microseconds; `TIME(6)` on MySQL). See [`fractional_digits`].
    Time(Option<u8>),
    /// `timestamp(p)`, as [`ColumnType::Time`].
    Timestamp(Option<u8>),
    /// `timestamptz(p)`, as [`ColumnType::Time`].
    Timestamptz(Option<u8>),
    Uuid,
    Json,
    Jsonb,
    Binary,
    /// `varchar` without a length: PostgreSQL's unbounded `character varying` (`TEXT` on MySQL).
    UnboundedVarchar,
    /// `char(n)`: fixed length, blank-padded.
    Char(u32),
    /// A built-in PostgreSQL type no other database has (`inet`, `interval`, `tsvector`, ...).
    Postgres(PgType),
    /// A PostgreSQL array of the element type (`text[]`). The element is never an array or a
    /// serial; it is interned (see [`ColumnType::array_of`]) so the type stays `Copy`.
    Array(&'static ColumnType),
    /// A type the schema declares (an enum or a domain) or an extension provides (`citext`,
    /// `ltree`), by name; interned so the type stays `Copy`. The checks resolve it against the
    /// schema (see [`crate::model::NamedType`]).
    Named(&'static str),
}

/// The built-in PostgreSQL types without a portable equivalent. Each is spelled as PostgreSQL
/// accepts it in DDL; [`PgType::catalog_name`] is how `format_type` prints it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PgType {
    /// `timetz(p)`: fractional seconds kept to `p` digits (`None`: no precision written).
    TimeTz(Option<u8>),
    /// `interval`, `interval(p)`, `interval day to second(p)`: the fields kept, and the
    /// fractional digits of the seconds (only with no fields or fields ending in `second`).
    Interval(Option<IntervalFields>, Option<u8>),
    Money,
    Inet,
    Cidr,
    MacAddr,
    MacAddr8,
    /// `bit(n)`: exactly n bits (`bit` is `bit(1)`).
    Bit(u32),
    /// `varbit(n)`, or unbounded `varbit`.
    VarBit(Option<u32>),
    Xml,
    TsVector,
    TsQuery,
    Int4Range,
    Int8Range,
    NumRange,
    TsRange,
    TsTzRange,
    DateRange,
    Point,
    Line,
    Lseg,
    Box,
    Path,
    Polygon,
    Circle,
}

/// The PostgreSQL types without arguments: canonical name, the name `format_type` prints, and
/// diesel's SQL type (`None`: diesel has none, the column needs `diesel_type`).
const PG_PLAIN: &[(PgType, &str, &str, Option<&str>)] = &[
    (PgType::TimeTz(None), "timetz", "time with time zone", None),
    (PgType::Interval(None, None), "interval", "interval", Some("Interval")),
    (PgType::Money, "money", "money", Some("Money")),
    (PgType::Inet, "inet", "inet", Some("Inet")),
    (PgType::Cidr, "cidr", "cidr", Some("Cidr")),
    (PgType::MacAddr, "macaddr", "macaddr", Some("MacAddr")),
    (PgType::MacAddr8, "macaddr8", "macaddr8", Some("MacAddr8")),
    (PgType::Xml, "xml", "xml", None),
    (PgType::TsVector, "tsvector", "tsvector", None),
    (PgType::TsQuery, "tsquery", "tsquery", None),
    (PgType::Int4Range, "int4range", "int4range", Some("Int4range")),
    (PgType::Int8Range, "int8range", "int8range", Some("Int8range")),
    (PgType::NumRange, "numrange", "numrange", Some("Numrange")),
    (PgType::TsRange, "tsrange", "tsrange", Some("Tsrange")),
    (PgType::TsTzRange, "tstzrange", "tstzrange", Some("Tstzrange")),
    (PgType::DateRange, "daterange", "daterange", Some("Daterange")),
    (PgType::Point, "point", "point", None),
    (PgType::Line, "line", "line", None),
    (PgType::Lseg, "lseg", "lseg", None),
    (PgType::Box, "box", "box", None),
    (PgType::Path, "path", "path", None),
    (PgType::Polygon, "polygon", "polygon", None),
    (PgType::Circle, "circle", "circle", None),
];

impl PgType {
    /// Every type without arguments.
    pub const PLAIN: [PgType; 23] = [
        PgType::TimeTz(None),
        PgType::Interval(None, None),
        PgType::Money,
        PgType::Inet,
        PgType::Cidr,
        PgType::MacAddr,
        PgType::MacAddr8,
        PgType::Xml,
        PgType::TsVector,
        PgType::TsQuery,
        PgType::Int4Range,
        PgType::Int8Range,
        PgType::NumRange,
        PgType::TsRange,
        PgType::TsTzRange,
        PgType::DateRange,
        PgType::Point,
        PgType::Line,
        PgType::Lseg,
        PgType::Box,
        PgType::Path,
        PgType::Polygon,
        PgType::Circle,
    ];

    fn plain(self) -> Option<&'static (PgType, &'static str, &'static str, Option<&'static str>)> {
        PG_PLAIN.iter().find(|(t, ..)| *t == self)
    }

    /// How PostgreSQL's `format_type` prints the type (the catalog's normal form).
    pub fn catalog_name(self) -> String {
        match self {
            PgType::TimeTz(Some(p)) => format!("time({p}) with time zone"),
            PgType::Interval(fields, precision) => interval_text(fields, precision),
            PgType::Bit(n) => format!("bit({n})"),
            PgType::VarBit(Some(n)) => format!("bit varying({n})"),
            PgType::VarBit(None) => "bit varying".into(),
            other => other.plain().expect("every argument-less type is listed").2.into(),
        }
    }

    /// diesel's SQL type, under `diesel::sql_types` (`None`: diesel has none).
    pub fn diesel_name(self) -> Option<&'static str> {
        match self {
            PgType::Interval(..) => Some("Interval"),
            PgType::TimeTz(_) => None,
            other => other.plain().and_then(|p| p.3),
        }
    }
}

impl fmt::Display for PgType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PgType::TimeTz(Some(p)) => write!(f, "timetz({p})"),
            PgType::Interval(fields, precision) => f.write_str(&interval_text(*fields, *precision)),
            PgType::Bit(n) => write!(f, "bit({n})"),
            PgType::VarBit(Some(n)) => write!(f, "varbit({n})"),
            PgType::VarBit(None) => f.write_str("varbit"),
            other => f.write_str(other.plain().expect("every argument-less type is listed").1),
        }
    }
}

/// The element types of arrays, each allocated once: a schema names a handful, so what is
/// leaked is bounded by the distinct element types a process ever reads.
fn intern(ty: ColumnType) -> &'static ColumnType {
    static SEEN: OnceLock<Mutex<HashSet<&'static ColumnType>>> = OnceLock::new();
    let mut seen = SEEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(found) = seen.get(&ty) {
        return found;
    }
    let leaked: &'static ColumnType = Box::leak(Box::new(ty));
    seen.insert(leaked);
    leaked
}

/// Why a type string was not understood.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TypeError {
    #[error("unknown type `{found}`{suggestion}")]
    Unknown { found: String, suggestion: String },
    #[error("`{found}`: {problem}")]
    BadArguments { found: String, problem: String },
}

/// How many of [`NAMES`] every dialect has; the rest are PostgreSQL's own.
const PORTABLE_NAMES: usize = 21;

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
    ("time", &["time(p)"]),
    ("timestamp", &["timestamp(p)"]),
    ("timestamptz", &["timestamptz(p)", "timestamp with time zone"]),
    ("uuid", &[]),
    ("json", &[]),
    ("jsonb", &[]),
    ("binary", &["bytea", "blob"]),
    ("varchar", &["character varying"]),
    ("char(n)", &["character(n)", "bpchar(n)"]),
    // PostgreSQL only, from here.
    ("timetz", &["timetz(p)", "time with time zone"]),
    ("interval", &["interval(p)", "interval day to second(p)"]),
    ("money", &[]),
    ("inet", &[]),
    ("cidr", &[]),
    ("macaddr", &[]),
    ("macaddr8", &[]),
    ("bit(n)", &["bit"]),
    ("varbit(n)", &["varbit", "bit varying(n)", "bit varying"]),
    ("xml", &[]),
    ("tsvector", &[]),
    ("tsquery", &[]),
    ("int4range", &[]),
    ("int8range", &[]),
    ("numrange", &[]),
    ("tsrange", &[]),
    ("tstzrange", &[]),
    ("daterange", &[]),
    ("point", &[]),
    ("line", &[]),
    ("lseg", &[]),
    ("box", &[]),
    ("path", &[]),
    ("polygon", &[]),
    ("circle", &[]),
    ("<type>[]", &[]),
];

impl ColumnType {
    /// The list of valid spellings, for error messages: the portable types, then PostgreSQL's.
    pub fn valid_names() -> String {
        let names: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
        let (portable, postgres) = names.split_at(PORTABLE_NAMES);
        format!("{}; PostgreSQL only: {}", portable.join(", "), postgres.join(", "))
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
        matches!(self, ColumnType::Timestamp(_) | ColumnType::Timestamptz(_))
    }

    /// The fractional digits of the seconds a time type declares (`timestamp(3)`: 3), if it
    /// declares them; see [`fractional_digits`] for what no precision means.
    pub fn precision(self) -> Option<u8> {
        match self {
            ColumnType::Time(p) | ColumnType::Timestamp(p) | ColumnType::Timestamptz(p) => p,
            ColumnType::Postgres(PgType::TimeTz(p) | PgType::Interval(_, p)) => p,
            _ => None,
        }
    }

    /// The same type with these fractional digits, for the types that take them (`None` for
    /// the others).
    pub fn with_precision(self, precision: Option<u8>) -> Option<ColumnType> {
        Some(match self {
            ColumnType::Time(_) => ColumnType::Time(precision),
            ColumnType::Timestamp(_) => ColumnType::Timestamp(precision),
            ColumnType::Timestamptz(_) => ColumnType::Timestamptz(precision),
            ColumnType::Postgres(PgType::TimeTz(_)) => ColumnType::Postgres(PgType::TimeTz(precision)),
            ColumnType::Postgres(PgType::Interval(fields, _))
                if fields.is_none_or(IntervalFields::has_seconds) || precision.is_none() =>
            {
                ColumnType::Postgres(PgType::Interval(fields, precision))
            }
            ColumnType::Array(element) => ColumnType::array_of(element.with_precision(precision)?).ok()?,
            _ => return None,
        })
    }

    pub fn is_json(self) -> bool {
        matches!(self, ColumnType::Json | ColumnType::Jsonb)
    }

    /// An array of `element`; refused for arrays (PostgreSQL arrays have no nested type: the
    /// dimensions of `integer[][]` are not part of it) and serials (a sequence per element makes
    /// no sense: use `integer[]`).
    pub fn array_of(element: ColumnType) -> Result<ColumnType, String> {
        match element {
            ColumnType::Array(_) => Err("an array of arrays is the same type as the array: write `integer[]`".into()),
            ColumnType::Serial | ColumnType::BigSerial => Err(format!(
                "an array of {element} cannot auto-increment: use `{}[]`",
                element.without_serial()
            )),
            other => Ok(ColumnType::Array(intern(other))),
        }
    }

    /// The array's element type, for an array.
    pub fn element(self) -> Option<ColumnType> {
        match self {
            ColumnType::Array(element) => Some(*element),
            _ => None,
        }
    }

    /// Types only PostgreSQL has (its own types and arrays); other databases refuse them unless
    /// the column gives them a `native_type`.
    pub fn postgres_only(self) -> bool {
        matches!(self, ColumnType::Postgres(_) | ColumnType::Array(_))
    }

    /// A type by name that only the schema can say is valid (an enum, a domain, an extension's
    /// type).
    pub fn named(name: &str) -> ColumnType {
        ColumnType::Named(super::pg_types::intern_name(name))
    }

    /// The declared type's name, for a named type or an array of one.
    pub fn declared_name(self) -> Option<&'static str> {
        match self {
            ColumnType::Named(name) => Some(name),
            ColumnType::Array(ColumnType::Named(name)) => Some(name),
            _ => None,
        }
    }

    /// Reads a column type as a source writes it: a built-in type, or else a plain name (letters,
    /// digits and underscores, or an array of one), which the checks resolve against the
    /// declared enums, domains and extensions (an unknown one is reported there, with the
    /// closest name).
    pub fn parse_declared(text: &str) -> Result<ColumnType, TypeError> {
        match text.parse::<ColumnType>() {
            Err(TypeError::Unknown { found, suggestion }) => {
                let trimmed = text.trim();
                let (name, array) = match trimmed.strip_suffix("[]") {
                    Some(element) => (element.trim_end(), true),
                    None => (trimmed, false),
                };
                let plain = name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if !plain {
                    return Err(TypeError::Unknown { found, suggestion });
                }
                let named = ColumnType::named(name);
                if array {
                    Ok(ColumnType::Array(intern(named)))
                } else {
                    Ok(named)
                }
            }
            other => other,
        }
    }

    /// The message for a named type that is neither built in nor declared, with the closest
    /// name among the built-in types and `declared`.
    pub fn unknown_named(name: &str, declared: &[&str]) -> String {
        let close = declared
            .iter()
            .map(|d| (strsim::jaro_winkler(name, d), *d))
            .filter(|(score, _)| *score > 0.8)
            .fold(None::<(f64, &str)>, |best, next| match best {
                Some(b) if b.0 >= next.0 => Some(b),
                _ => Some(next),
            });
        match close {
            Some((_, d)) => format!(
                "unknown type `{name}`; did you mean `{d}`? Declared types: {}; built-in: {}",
                declared.join(", "),
                ColumnType::valid_names()
            ),
            None => {
                let mut text = format!("unknown type `{name}`{}", suggest(name));
                if !declared.is_empty() {
                    text.push_str(&format!("; declared types: {}", declared.join(", ")));
                }
                text
            }
        }
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
            ColumnType::Time(p) => write!(f, "time{}", precision_suffix(*p)),
            ColumnType::Timestamp(p) => write!(f, "timestamp{}", precision_suffix(*p)),
            ColumnType::Timestamptz(p) => write!(f, "timestamptz{}", precision_suffix(*p)),
            ColumnType::Uuid => f.write_str("uuid"),
            ColumnType::Json => f.write_str("json"),
            ColumnType::Jsonb => f.write_str("jsonb"),
            ColumnType::Binary => f.write_str("binary"),
            ColumnType::UnboundedVarchar => f.write_str("varchar"),
            ColumnType::Char(n) => write!(f, "char({n})"),
            ColumnType::Postgres(ty) => ty.fmt(f),
            ColumnType::Array(element) => write!(f, "{element}[]"),
            ColumnType::Named(name) => f.write_str(name),
        }
    }
}

impl FromStr for ColumnType {
    type Err = TypeError;

    fn from_str(text: &str) -> Result<Self, TypeError> {
        let trimmed = text.trim();
        if let Some(element) = trimmed.strip_suffix("[]") {
            // `integer[][]` is `integer[]`: PostgreSQL does not keep the dimensions in the type.
            let element = element.trim_end();
            let element = element.trim_end_matches("[]").trim_end();
            let element = element.parse::<ColumnType>()?;
            return ColumnType::array_of(element).map_err(|problem| TypeError::BadArguments {
                found: text.to_string(),
                problem,
            });
        }
        // Copied only when a step changes it: most types are written as `integer` or
        // `varchar(100)`, and a large schema parses tens of thousands of them.
        let lower = match trimmed.bytes().any(|b| b.is_ascii_uppercase()) {
            true => Cow::Owned(trimmed.to_ascii_lowercase()),
            false => Cow::Borrowed(trimmed),
        };
        let lower = zone_after_precision(&lower);
        let (head, args) = split_arguments(&lower).ok_or_else(|| TypeError::BadArguments {
            found: text.to_string(),
            problem: "unbalanced parentheses; write e.g. `varchar(50)` or `numeric(12,3)`".into(),
        })?;
        let head = match single_spaced(head) {
            true => Cow::Borrowed(head),
            false => Cow::Owned(head.split_whitespace().collect::<Vec<_>>().join(" ")),
        };
        let bad = |problem: &str| TypeError::BadArguments {
            found: text.to_string(),
            problem: problem.to_string(),
        };
        let no_args = |ty: ColumnType| match args {
            None => Ok(ty),
            Some(_) => Err(bad("this type takes no arguments")),
        };
        match head.as_ref() {
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
                None => Ok(ColumnType::UnboundedVarchar),
                _ => Err(bad("write `varchar(50)`, or `varchar` for no limit")),
            },
            "char" | "character" | "bpchar" => match args.as_deref() {
                None => Ok(ColumnType::Char(1)),
                Some([n]) => match n.parse::<u32>() {
                    // 255 is MySQL's limit, the lowest of the three dialects.
                    Ok(n) if (1..=255).contains(&n) => Ok(ColumnType::Char(n)),
                    _ => Err(bad("the length must be a whole number from 1 to 255")),
                },
                _ => Err(bad("write `char(2)`")),
            },
            "bit" => match args.as_deref() {
                None => Ok(ColumnType::Postgres(PgType::Bit(1))),
                Some([n]) => bit_length(n)
                    .map(|n| ColumnType::Postgres(PgType::Bit(n)))
                    .map_err(|e| bad(&e)),
                _ => Err(bad("write `bit(8)`")),
            },
            "varbit" | "bit varying" => match args.as_deref() {
                None => Ok(ColumnType::Postgres(PgType::VarBit(None))),
                Some([n]) => bit_length(n)
                    .map(|n| ColumnType::Postgres(PgType::VarBit(Some(n))))
                    .map_err(|e| bad(&e)),
                _ => Err(bad("write `varbit(64)`, or `varbit` for no limit")),
            },
            "timetz" | "time with time zone" => time_precision(&args)
                .map(|p| ColumnType::Postgres(PgType::TimeTz(p)))
                .map_err(|e| bad(&e)),
            interval if interval == "interval" || interval.starts_with("interval ") => {
                let fields = match interval["interval".len()..].trim() {
                    "" => None,
                    words => Some(IntervalFields::parse(words).ok_or_else(|| {
                        bad("the fields are one of year, month, day, hour, minute, second, year to month, day to hour, day to minute, day to second, hour to minute, hour to second, minute to second")
                    })?),
                };
                let precision = time_precision(&args).map_err(|e| bad(&e))?;
                if precision.is_some() && fields.is_some_and(|f| !f.has_seconds()) {
                    return Err(bad(
                        "only an interval with seconds takes a precision: `interval day to second(3)`",
                    ));
                }
                Ok(ColumnType::Postgres(PgType::Interval(fields, precision)))
            }
            "numeric" | "decimal" => match args.as_deref() {
                None => Ok(ColumnType::Numeric(None)),
                Some([p]) => parse_precision(p, "0").map_err(|e| bad(&e)),
                Some([p, s]) => parse_precision(p, s).map_err(|e| bad(&e)),
                Some(_) => Err(bad("write `numeric(precision, scale)`, e.g. `numeric(12,3)`")),
            },
            "real" | "float4" => no_args(ColumnType::Real),
            "double" | "float8" | "double precision" => no_args(ColumnType::Double),
            "date" => no_args(ColumnType::Date),
            "time" | "time without time zone" => time_precision(&args).map(ColumnType::Time).map_err(|e| bad(&e)),
            "timestamp" | "timestamp without time zone" => {
                time_precision(&args).map(ColumnType::Timestamp).map_err(|e| bad(&e))
            }
            "timestamptz" | "timestamp with time zone" => {
                time_precision(&args).map(ColumnType::Timestamptz).map_err(|e| bad(&e))
            }
            "uuid" => no_args(ColumnType::Uuid),
            "json" => no_args(ColumnType::Json),
            "jsonb" => no_args(ColumnType::Jsonb),
            "binary" | "bytea" | "blob" => no_args(ColumnType::Binary),
            other => match PG_PLAIN.iter().find(|(_, name, ..)| *name == other) {
                Some((ty, ..)) => no_args(ColumnType::Postgres(*ty)),
                None => Err(TypeError::Unknown {
                    found: text.to_string(),
                    suggestion: suggest(&head),
                }),
            },
        }
    }
}

/// The fractional digits of seconds a time type keeps when it declares none: PostgreSQL keeps
/// microseconds, and Tablewright writes `(6)` on MySQL (whose own default, 0, would drop them),
/// so `timestamp` and `timestamp(6)` hold the same values everywhere (PostgreSQL's catalog still
/// tells them apart). SQLite keeps times as text and never rounds them.
pub fn fractional_digits(precision: Option<u8>) -> u8 {
    precision.unwrap_or(MAX_PRECISION)
}

/// The most fractional digits of seconds PostgreSQL and MySQL keep (microseconds).
pub const MAX_PRECISION: u8 = 6;

fn precision_suffix(precision: Option<u8>) -> String {
    precision.map(|p| format!("({p})")).unwrap_or_default()
}

/// `time(p)`'s argument: none, or a whole number from 0 to 6.
fn time_precision(args: &Option<Vec<&str>>) -> Result<Option<u8>, String> {
    match args.as_deref() {
        None => Ok(None),
        Some([p]) => match p.parse::<u8>() {
            Ok(p) if p <= MAX_PRECISION => Ok(Some(p)),
            _ => Err("the precision (fractional digits of seconds) must be a whole number from 0 to 6".into()),
        },
        Some(_) => Err("write one precision, e.g. `timestamp(6)`".into()),
    }
}

/// `timestamp(6) with time zone`, as PostgreSQL prints it, becomes `timestamp with time zone(6)`
/// so that the arguments come last.
fn zone_after_precision(text: &str) -> Cow<'_, str> {
    if let (Some(open), Some(close)) = (text.find('('), text.find(')')) {
        let after = text[close + 1..].trim();
        if open < close && matches!(after, "with time zone" | "without time zone") {
            return Cow::Owned(format!("{} {after}{}", text[..open].trim_end(), &text[open..=close]));
        }
    }
    Cow::Borrowed(text)
}

/// Whether `text` is its words joined by single spaces (`double precision`, not
/// `double  precision` or a tab): what splitting on whitespace and joining with spaces leaves.
fn single_spaced(text: &str) -> bool {
    let bytes = text.as_bytes();
    let space_at = |i: usize| bytes[i] == b' ';
    !text.chars().any(|c| c.is_whitespace() && c != ' ')
        && (bytes.is_empty() || (!space_at(0) && !space_at(bytes.len() - 1)))
        && !text.contains("  ")
}

/// The fields an interval keeps (`interval day to second`): the ones after its least field are
/// zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntervalFields {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    YearToMonth,
    DayToHour,
    DayToMinute,
    DayToSecond,
    HourToMinute,
    HourToSecond,
    MinuteToSecond,
}

const INTERVAL_FIELDS: [(IntervalFields, &str); 13] = [
    (IntervalFields::Year, "year"),
    (IntervalFields::Month, "month"),
    (IntervalFields::Day, "day"),
    (IntervalFields::Hour, "hour"),
    (IntervalFields::Minute, "minute"),
    (IntervalFields::Second, "second"),
    (IntervalFields::YearToMonth, "year to month"),
    (IntervalFields::DayToHour, "day to hour"),
    (IntervalFields::DayToMinute, "day to minute"),
    (IntervalFields::DayToSecond, "day to second"),
    (IntervalFields::HourToMinute, "hour to minute"),
    (IntervalFields::HourToSecond, "hour to second"),
    (IntervalFields::MinuteToSecond, "minute to second"),
];

impl IntervalFields {
    fn parse(words: &str) -> Option<IntervalFields> {
        let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
        INTERVAL_FIELDS.iter().find(|(_, w)| *w == words).map(|(f, _)| *f)
    }

    pub fn name(self) -> &'static str {
        INTERVAL_FIELDS
            .iter()
            .find(|(f, _)| *f == self)
            .expect("every field is listed")
            .1
    }

    /// Whether the seconds are kept (so a precision applies).
    pub fn has_seconds(self) -> bool {
        self.name().ends_with("second")
    }

    /// The least field kept, as a rank: 0 for seconds up to 5 for years (PostgreSQL's
    /// `intervaltypmodleastfield` order).
    pub fn least_field(self) -> u8 {
        match self.name().rsplit(' ').next().expect("a word") {
            "second" => 0,
            "minute" => 1,
            "hour" => 2,
            "day" => 3,
            "month" => 4,
            _ => 5,
        }
    }
}

/// `interval`, `interval(3)`, `interval day`, `interval day to second(3)` (also `format_type`'s
/// spelling).
fn interval_text(fields: Option<IntervalFields>, precision: Option<u8>) -> String {
    let fields = fields.map(|f| format!(" {}", f.name())).unwrap_or_default();
    format!("interval{fields}{}", precision_suffix(precision))
}

fn bit_length(n: &str) -> Result<u32, String> {
    match n.parse::<u32>() {
        // PostgreSQL's limit (its maximum typmod).
        Ok(n) if (1..=83_886_080).contains(&n) => Ok(n),
        _ => Err("the length must be a whole number from 1 to 83886080".into()),
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
fn split_arguments(text: &str) -> Option<(&str, Option<Vec<&str>>)> {
    match text.find('(') {
        None if text.contains(')') => None,
        None => Some((text, None)),
        Some(open) => {
            let rest = &text[open + 1..];
            let close = rest.find(')')?;
            if !rest[close + 1..].trim().is_empty() || rest[..close].contains('(') {
                return None;
            }
            let args = rest[..close].split(',').map(str::trim).collect();
            Some((text[..open].trim_end(), Some(args)))
        }
    }
}

fn suggest(found: &str) -> String {
    let candidates = NAMES
        .iter()
        .flat_map(|(name, aliases)| std::iter::once(*name).chain(aliases.iter().copied()));
    // The first of equally close names: `varchar(n)` before `varchar`.
    let best = candidates
        .map(|c| (strsim::jaro_winkler(found, c.split('(').next().unwrap_or(c)), c))
        .filter(|(score, _)| *score > 0.8)
        .fold(None::<(f64, &str)>, |best, next| match best {
            Some(b) if b.0 >= next.0 => Some(b),
            _ => Some(next),
        });
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
        // A snapshot's declared types were checked when it was written.
        ColumnType::parse_declared(&text).map_err(serde::de::Error::custom)
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
            "varchar",
            "char(2)",
            "timetz",
            "interval",
            "money",
            "inet",
            "cidr",
            "macaddr",
            "macaddr8",
            "bit(8)",
            "varbit",
            "varbit(64)",
            "xml",
            "tsvector",
            "tsquery",
            "int4range",
            "int8range",
            "numrange",
            "tsrange",
            "tstzrange",
            "daterange",
            "point",
            "line",
            "lseg",
            "box",
            "path",
            "polygon",
            "circle",
            "time(0)",
            "timestamp(6)",
            "timestamptz(3)",
            "timetz(2)",
            "interval(6)",
            "interval day",
            "interval day to second(3)",
            "interval year to month",
            "timestamp(3)[]",
            "text[]",
            "varchar(20)[]",
            "numeric(12,3)[]",
            "inet[]",
            "uuid[]",
        ] {
            let ty: ColumnType = text.parse().unwrap();
            assert_eq!(ty.to_string(), text);
        }
    }

    #[test]
    fn arrays() {
        assert_eq!("INT4[]".parse(), Ok(ColumnType::Array(&ColumnType::Integer)));
        assert_eq!("integer [] []".parse(), Ok(ColumnType::Array(&ColumnType::Integer)));
        assert_eq!(
            "character varying(20)[]".parse::<ColumnType>().unwrap().element(),
            Some(ColumnType::Varchar(20))
        );
        // Interned: the same element type is one allocation.
        let (a, b): (ColumnType, ColumnType) = ("inet[]".parse().unwrap(), "inet[]".parse().unwrap());
        let (ColumnType::Array(a), ColumnType::Array(b)) = (a, b) else {
            panic!()
        };
        assert!(std::ptr::eq(a, b));
        let err = "serial[]".parse::<ColumnType>().unwrap_err().to_string();
        assert!(err.contains("cannot auto-increment: use `integer[]`"), "{err}");
        assert!("textt[]".parse::<ColumnType>().is_err());
    }

    #[test]
    fn valid_names_split_portable_from_postgres() {
        assert!(ColumnType::valid_names().contains("binary, varchar, char(n); PostgreSQL only: timetz, interval"));
    }

    #[test]
    fn every_plain_type_is_listed_once() {
        assert_eq!(PG_PLAIN.len(), PgType::PLAIN.len());
        for ty in PgType::PLAIN {
            assert_eq!(PG_PLAIN.iter().filter(|(t, ..)| *t == ty).count(), 1, "{ty:?}");
        }
    }

    #[test]
    fn postgres_types_and_their_catalog_names() {
        assert_eq!("bit".parse(), Ok(ColumnType::Postgres(PgType::Bit(1))));
        assert_eq!(
            "time with time zone".parse(),
            Ok(ColumnType::Postgres(PgType::TimeTz(None)))
        );
        assert_eq!(PgType::TimeTz(None).catalog_name(), "time with time zone");
        assert_eq!(PgType::VarBit(Some(3)).catalog_name(), "bit varying(3)");
        assert_eq!(PgType::Inet.diesel_name(), Some("Inet"));
        assert_eq!(PgType::TsVector.diesel_name(), None);
        assert_eq!("varchar".parse(), Ok(ColumnType::UnboundedVarchar));
        assert_eq!("character(3)".parse(), Ok(ColumnType::Char(3)));
    }

    #[test]
    fn precisions_in_every_spelling() {
        assert_eq!("timestamp(6)".parse(), Ok(ColumnType::Timestamp(Some(6))));
        assert_eq!("timestamp".parse(), Ok(ColumnType::Timestamp(None)));
        // As `format_type` prints them.
        assert_eq!(
            "timestamp(6) without time zone".parse(),
            Ok(ColumnType::Timestamp(Some(6)))
        );
        assert_eq!(
            "TIMESTAMP(3) WITH TIME ZONE".parse(),
            Ok(ColumnType::Timestamptz(Some(3)))
        );
        assert_eq!("time(0) without time zone".parse(), Ok(ColumnType::Time(Some(0))));
        assert_eq!(
            "time(4) with time zone".parse(),
            Ok(ColumnType::Postgres(PgType::TimeTz(Some(4))))
        );
        assert_eq!(PgType::TimeTz(Some(4)).catalog_name(), "time(4) with time zone");
        let interval = "interval  day to   second(3)".parse::<ColumnType>().unwrap();
        assert_eq!(
            interval,
            ColumnType::Postgres(PgType::Interval(Some(IntervalFields::DayToSecond), Some(3)))
        );
        assert_eq!(interval.to_string(), "interval day to second(3)");
        assert_eq!(interval.precision(), Some(3));
        assert_eq!(
            ColumnType::Timestamp(None).with_precision(Some(2)),
            Some(ColumnType::Timestamp(Some(2)))
        );
        assert_eq!(ColumnType::Text.with_precision(Some(2)), None);
        let err = "timestamp(7)".parse::<ColumnType>().unwrap_err().to_string();
        assert!(err.contains("from 0 to 6"), "{err}");
        let err = "interval day(3)".parse::<ColumnType>().unwrap_err().to_string();
        assert!(err.contains("only an interval with seconds takes a precision"), "{err}");
        assert!("interval fortnight".parse::<ColumnType>().is_err());
        assert!("timestamp(6) with time zones".parse::<ColumnType>().is_err());
        assert_eq!(fractional_digits(None), 6);
    }

    #[test]
    fn aliases_and_spacing() {
        assert_eq!("DECIMAL( 12 , 3 )".parse(), Ok(ColumnType::Numeric(Some((12, 3)))));
        assert_eq!("double precision".parse(), Ok(ColumnType::Double));
        assert_eq!("VARCHAR(10)".parse(), Ok(ColumnType::Varchar(10)));
        assert_eq!("numeric(5)".parse(), Ok(ColumnType::Numeric(Some((5, 0)))));
        // Whitespace inside a name is read as one space, however it is written.
        for text in [
            "double  precision",
            "double\tprecision",
            "Double Precision",
            " double precision ",
        ] {
            assert_eq!(text.parse(), Ok(ColumnType::Double), "{text:?}");
        }
        assert!(single_spaced("double precision") && single_spaced("integer") && single_spaced(""));
        assert!(!single_spaced("double  precision") && !single_spaced("double\tprecision"));
        assert!(!single_spaced(" integer") && !single_spaced("integer "));
    }

    #[test]
    fn errors_teach() {
        let err = "strnig".parse::<ColumnType>().unwrap_err().to_string();
        assert!(
            err.starts_with("unknown type `strnig`; did you mean `string`?"),
            "{err}"
        );
        let err = "varchar(0)".parse::<ColumnType>().unwrap_err().to_string();
        assert!(err.contains("from 1 to 65535"), "{err}");
        let err = "numeric(3,5)".parse::<ColumnType>().unwrap_err().to_string();
        assert!(err.contains("scale 5 must be at most the precision (3)"), "{err}");
        assert!("varchar(10".parse::<ColumnType>().is_err());
        assert!("text(5)".parse::<ColumnType>().is_err());
    }
}

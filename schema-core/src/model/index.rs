//! Indexes: their keys (columns or expressions, each with its order, nulls placement and
//! operator class), their method and their predicate.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Origin;
use crate::dialect::Dialect;
use crate::sql::SqlExpr;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    /// The keys, in order. A plain column key serializes as its name, so snapshots written before
    /// keys had options still read.
    pub columns: Vec<IndexKey>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
    #[serde(default, skip_serializing_if = "IndexMethod::is_btree")]
    pub method: IndexMethod,
    /// `WHERE` clause of a partial index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<SqlExpr>,
    /// Columns stored in the index but not keys (`INCLUDE`, PostgreSQL).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// Storage parameters (`WITH (fillfactor = 70)`, PostgreSQL), each value a number or a word.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub with: BTreeMap<String, String>,
    /// Documentation stored in the database (`COMMENT ON INDEX`, PostgreSQL; kept in the schema
    /// only elsewhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Index {
    /// The columns of the leading keys that are columns (up to the first expression): what the
    /// index can look rows up by, whatever the keys' order or operator class.
    pub fn leading_columns(&self) -> Vec<String> {
        self.columns
            .iter()
            .map_while(|k| k.column_name().map(str::to_string))
            .collect()
    }

    /// The columns when every key is a plain ascending column with the default operator class:
    /// the index is then interchangeable with a constraint on those columns.
    pub fn plain_columns(&self) -> Option<Vec<String>> {
        self.columns
            .iter()
            .map(|k| k.is_plain().then(|| k.column_name().map(str::to_string)).flatten())
            .collect()
    }

    /// The columns of its keys, and the words of its expression keys (the columns they read
    /// among them): what a change of the index is about.
    pub fn key_words(&self) -> Vec<String> {
        self.columns
            .iter()
            .flat_map(|k| match &k.target {
                KeyTarget::Column(name) => vec![name.clone()],
                KeyTarget::Expression(expr) => expr.words().map(str::to_string).collect(),
            })
            .collect()
    }

    /// Whether any key reads `column` (as the column or inside an expression), or it is included.
    pub fn reads(&self, column: &str) -> bool {
        self.columns.iter().any(|k| k.reads(column)) || self.include.iter().any(|c| c == column)
    }

    /// An index on `columns` with nothing else: a B-tree, not unique, not partial.
    pub fn plain(name: String, columns: Vec<IndexKey>, origin: Origin) -> Index {
        Index {
            name,
            columns,
            unique: false,
            method: IndexMethod::Btree,
            predicate: None,
            include: Vec::new(),
            with: BTreeMap::new(),
            comment: None,
            origin,
        }
    }
}

/// One key of an index: a column or an expression, with its options.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexKey {
    pub target: KeyTarget,
    /// `DESC`.
    pub descending: bool,
    /// `NULLS FIRST` / `NULLS LAST`; `None` is the database's default for the order (PostgreSQL:
    /// last when ascending, first when descending).
    pub nulls: Option<NullsOrder>,
    /// A non-default operator class, e.g. `text_pattern_ops` (PostgreSQL).
    pub opclass: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum KeyTarget {
    Column(String),
    /// An expression, e.g. `lower(email)`.
    Expression(SqlExpr),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NullsOrder {
    First,
    Last,
}

impl NullsOrder {
    pub fn parse(text: &str) -> Option<NullsOrder> {
        match text.trim().to_ascii_lowercase().as_str() {
            "first" => Some(NullsOrder::First),
            "last" => Some(NullsOrder::Last),
            _ => None,
        }
    }

    pub fn sql(self) -> &'static str {
        match self {
            NullsOrder::First => "NULLS FIRST",
            NullsOrder::Last => "NULLS LAST",
        }
    }
}

/// A storage parameter's name and value as an index may take them: a name, and a number or a
/// word (`fillfactor = 70`, `fastupdate = off`), written into SQL as they are.
pub fn valid_storage_parameter(name: &str, value: &str) -> bool {
    let word = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    word(name) && !name.contains('.') && name.starts_with(|c: char| c.is_ascii_alphabetic()) && word(value)
}

/// Reads `asc` or `desc`: whether the order is descending.
pub fn parse_order(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "asc" => Some(false),
        "desc" => Some(true),
        _ => None,
    }
}

/// An operator class name, plain or schema-qualified (`text_pattern_ops`, `public.gin_trgm_ops`):
/// each part is quoted when rendered, so only names are accepted.
pub fn valid_opclass(text: &str) -> bool {
    let part = |p: &str| {
        p.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() <= 2 && parts.iter().all(|p| part(p))
}

impl IndexKey {
    pub fn column(name: impl Into<String>) -> IndexKey {
        IndexKey {
            target: KeyTarget::Column(name.into()),
            descending: false,
            nulls: None,
            opclass: None,
        }
    }

    pub fn expression(expr: SqlExpr) -> IndexKey {
        IndexKey {
            target: KeyTarget::Expression(expr),
            ..IndexKey::column("")
        }
    }

    /// The column, for a column key.
    pub fn column_name(&self) -> Option<&str> {
        match &self.target {
            KeyTarget::Column(name) => Some(name),
            KeyTarget::Expression(_) => None,
        }
    }

    pub fn expression_text(&self) -> Option<&SqlExpr> {
        match &self.target {
            KeyTarget::Expression(expr) => Some(expr),
            KeyTarget::Column(_) => None,
        }
    }

    /// A column, ascending, nulls where the database puts them, default operator class.
    pub fn is_plain(&self) -> bool {
        matches!(self.target, KeyTarget::Column(_))
            && !self.descending
            && self.nulls.is_none()
            && self.opclass.is_none()
    }

    pub fn reads(&self, column: &str) -> bool {
        match &self.target {
            KeyTarget::Column(name) => name == column,
            KeyTarget::Expression(expr) => expr.reads(column),
        }
    }

    /// The key with its column or the columns its expression reads renamed by `rename`.
    pub fn renamed(&self, rename: impl Fn(&str) -> Option<String>) -> IndexKey {
        let target = match &self.target {
            KeyTarget::Column(name) => KeyTarget::Column(rename(name).unwrap_or_else(|| name.clone())),
            KeyTarget::Expression(expr) => KeyTarget::Expression(expr.replace_words(rename)),
        };
        IndexKey { target, ..self.clone() }
    }

    /// A word for default index names: the column, or the expression's words joined.
    pub fn name_part(&self) -> String {
        match &self.target {
            KeyTarget::Column(name) => name.clone(),
            KeyTarget::Expression(expr) => expr.words().collect::<Vec<_>>().join("_"),
        }
    }
}

impl fmt::Display for IndexKey {
    /// As the docs and messages show a key: `email`, `lower(email) DESC`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.target {
            KeyTarget::Column(name) => write!(f, "{name}")?,
            KeyTarget::Expression(expr) => write!(f, "({expr})")?,
        }
        if let Some(opclass) = &self.opclass {
            write!(f, " {opclass}")?;
        }
        if self.descending {
            write!(f, " DESC")?;
        }
        if let Some(nulls) = self.nulls {
            write!(f, " {}", nulls.sql())?;
        }
        Ok(())
    }
}

/// The serialized form: a plain column key is its name; any other key is a mapping, with the
/// same keys as the YAML format.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum KeyForm {
    Plain(String),
    Full(FullKey),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FullKey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    column: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expression: Option<SqlExpr>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    desc: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nulls: Option<NullsOrder>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    opclass: Option<String>,
}

impl Serialize for IndexKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.target {
            KeyTarget::Column(name) if self.is_plain() => KeyForm::Plain(name.clone()),
            target => {
                let (column, expression) = match target {
                    KeyTarget::Column(name) => (Some(name.clone()), None),
                    KeyTarget::Expression(expr) => (None, Some(expr.clone())),
                };
                KeyForm::Full(FullKey {
                    column,
                    expression,
                    desc: self.descending,
                    nulls: self.nulls,
                    opclass: self.opclass.clone(),
                })
            }
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for IndexKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match KeyForm::deserialize(deserializer)? {
            KeyForm::Plain(name) => IndexKey::column(name),
            KeyForm::Full(full) => {
                let target = match (full.column, full.expression) {
                    (Some(column), None) => KeyTarget::Column(column),
                    (None, Some(expr)) => KeyTarget::Expression(expr),
                    _ => {
                        return Err(serde::de::Error::custom(
                            "an index key has either `column` or `expression`",
                        ))
                    }
                };
                IndexKey {
                    target,
                    descending: full.desc,
                    nulls: full.nulls,
                    opclass: full.opclass,
                }
            }
        })
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexMethod {
    #[default]
    Btree,
    Gin,
    Gist,
    Hash,
    Spgist,
    Brin,
}

impl IndexMethod {
    pub const ALL: [(&'static str, IndexMethod); 6] = [
        ("btree", IndexMethod::Btree),
        ("gin", IndexMethod::Gin),
        ("gist", IndexMethod::Gist),
        ("hash", IndexMethod::Hash),
        ("spgist", IndexMethod::Spgist),
        ("brin", IndexMethod::Brin),
    ];

    /// Whether PostgreSQL stores `INCLUDE` columns in this kind of index.
    pub fn has_include(self) -> bool {
        matches!(self, IndexMethod::Btree | IndexMethod::Gist | IndexMethod::Spgist)
    }

    /// Whether `dialect` builds this kind of index.
    pub fn is_available_on(self, dialect: Dialect) -> bool {
        match dialect {
            Dialect::Postgres => true,
            Dialect::Sqlite => self == IndexMethod::Btree,
            // InnoDB builds B-trees only; it accepts USING HASH and silently ignores it.
            Dialect::Mysql => self == IndexMethod::Btree,
        }
    }

    pub fn parse(text: &str) -> Option<IndexMethod> {
        let lower = text.trim().to_ascii_lowercase();
        Self::ALL.iter().find(|(n, _)| *n == lower).map(|(_, m)| *m)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map(|(n, _)| *n)
            .unwrap_or("btree")
    }

    fn is_btree(&self) -> bool {
        *self == IndexMethod::Btree
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_keys_serialize_as_names_and_old_snapshots_read() {
        let old: Vec<IndexKey> = serde_json::from_str(r#"["a", "b"]"#).unwrap();
        assert_eq!(old, vec![IndexKey::column("a"), IndexKey::column("b")]);
        let mut desc = IndexKey::column("c");
        desc.descending = true;
        desc.nulls = Some(NullsOrder::Last);
        let expr = IndexKey::expression(SqlExpr::parse("lower(email)").unwrap());
        let keys = vec![IndexKey::column("a"), desc, expr];
        let json = serde_json::to_string(&keys).unwrap();
        assert_eq!(
            json,
            r#"["a",{"column":"c","desc":true,"nulls":"last"},{"expression":"lower(email)"}]"#
        );
        assert_eq!(serde_json::from_str::<Vec<IndexKey>>(&json).unwrap(), keys);
    }

    #[test]
    fn a_key_is_a_column_or_an_expression() {
        let both = serde_json::from_str::<IndexKey>(r#"{"column":"a","expression":"a"}"#);
        assert!(both.is_err());
    }
}

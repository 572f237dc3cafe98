//! The three target databases and what each can and cannot do.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Dialect {
    Postgres,
    Sqlite,
    Mysql,
}

impl Dialect {
    pub const ALL: [Dialect; 3] = [Dialect::Postgres, Dialect::Sqlite, Dialect::Mysql];

    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Sqlite => "sqlite",
            Dialect::Mysql => "mysql",
        }
    }

    /// Longest identifier the database keeps intact. PostgreSQL silently truncates at 63 bytes
    /// (which is how two long index names end up colliding); MySQL/MariaDB refuse more than 64
    /// characters; SQLite has no limit.
    pub fn max_identifier(self) -> Option<IdentifierLimit> {
        match self {
            Dialect::Postgres => Some(IdentifierLimit::Bytes(63)),
            Dialect::Mysql => Some(IdentifierLimit::Chars(64)),
            Dialect::Sqlite => None,
        }
    }

    pub fn has_row_level_security(self) -> bool {
        self == Dialect::Postgres
    }

    pub fn has_partial_indexes(self) -> bool {
        self != Dialect::Mysql
    }

    /// Where `DEFAULT` accepts an arbitrary expression, it must be parenthesised on SQLite and
    /// MySQL; PostgreSQL takes it bare.
    pub fn parenthesize_default_expressions(self) -> bool {
        self != Dialect::Postgres
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentifierLimit {
    Bytes(usize),
    Chars(usize),
}

impl IdentifierLimit {
    pub fn exceeded_by(self, name: &str) -> bool {
        match self {
            IdentifierLimit::Bytes(max) => name.len() > max,
            IdentifierLimit::Chars(max) => name.chars().count() > max,
        }
    }
}

impl fmt::Display for IdentifierLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdentifierLimit::Bytes(n) => write!(f, "{n} bytes"),
            IdentifierLimit::Chars(n) => write!(f, "{n} characters"),
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Dialect {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Ok(Dialect::Postgres),
            "sqlite" | "sqlite3" => Ok(Dialect::Sqlite),
            "mysql" | "mariadb" => Ok(Dialect::Mysql),
            other => Err(format!(
                "unknown dialect `{other}`; expected one of: postgres (or postgresql, pg), sqlite (or sqlite3), mysql (or mariadb)"
            )),
        }
    }
}

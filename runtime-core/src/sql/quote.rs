//! Identifier and literal quoting, one function each per dialect. Nothing user-provided is
//! formatted into SQL any other way.

use crate::dialect::Dialect;

/// Quotes an identifier: `"name"` (PostgreSQL, SQLite) or `` `name` `` (MySQL), doubling any
/// quote character inside.
pub fn ident(dialect: Dialect, name: &str) -> String {
    match dialect {
        Dialect::Postgres | Dialect::Sqlite => format!("\"{}\"", name.replace('"', "\"\"")),
        Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
    }
}

/// Quotes a string literal so that no server setting changes what it means. SQLite only needs
/// `'` doubled. PostgreSQL reads a backslash in a standard string as an escape when
/// `standard_conforming_strings` is off, so a value with a backslash is written as an escape
/// string, `E'...'`, which reads the same under either setting. MySQL treats `\` as an escape
/// unless `NO_BACKSLASH_ESCAPES` is set, so backslashes are escaped there (the migrator turns that
/// mode off for its session). NUL characters are refused earlier, by the checks, because no
/// dialect stores them in text.
pub fn literal(dialect: Dialect, value: &str) -> String {
    match dialect {
        Dialect::Postgres if value.contains('\\') => {
            format!("E'{}'", value.replace('\\', "\\\\").replace('\'', "''"))
        }
        Dialect::Postgres | Dialect::Sqlite => format!("'{}'", value.replace('\'', "''")),
        Dialect::Mysql => format!("'{}'", value.replace('\\', "\\\\").replace('\'', "''")),
    }
}

/// A comma-separated list of quoted identifiers.
pub fn ident_list(dialect: Dialect, names: &[String]) -> String {
    names.iter().map(|n| ident(dialect, n)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_double_their_quote() {
        assert_eq!(ident(Dialect::Postgres, r#"a"b"#), r#""a""b""#);
        assert_eq!(ident(Dialect::Sqlite, "lots"), r#""lots""#);
        assert_eq!(ident(Dialect::Mysql, "a`b"), "`a``b`");
    }

    #[test]
    fn literals_escape_per_dialect() {
        assert_eq!(literal(Dialect::Postgres, "it's"), "'it''s'");
        assert_eq!(literal(Dialect::Postgres, r"it's C:\x"), r"E'it''s C:\\x'");
        assert_eq!(literal(Dialect::Mysql, r"it's C:\x"), r"'it''s C:\\x'");
        assert_eq!(literal(Dialect::Sqlite, "';DROP TABLE x;--"), "''';DROP TABLE x;--'");
    }
}

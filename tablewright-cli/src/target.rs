//! Which database a URL names, and running a command with the matching diesel connection type.

use std::path::Path;

use diesel::Connection;
use tablewright_core::Dialect;

use crate::failure::Failure;

/// A database, by backend, with the string its diesel connection is opened with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Postgres(String),
    Mysql(String),
    /// A file path (or `:memory:`, or a `file:` URI).
    Sqlite(String),
}

impl Target {
    /// `postgres://` or `postgresql://` is PostgreSQL, `mysql://` is MySQL or MariaDB, and
    /// `sqlite://PATH`, `sqlite:PATH`, `file:...` or a plain path is SQLite.
    pub fn parse(url: &str) -> Result<Target, Failure> {
        let url = url.trim();
        if url.is_empty() {
            return Err(Failure::error(
                "the database URL is empty; pass --database-url or set DATABASE_URL",
            ));
        }
        let scheme = url.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase());
        match scheme.as_deref() {
            Some("postgres" | "postgresql") => Ok(Target::Postgres(url.to_string())),
            Some("mysql") => Ok(Target::Mysql(url.to_string())),
            Some("sqlite") => Ok(Target::Sqlite(url["sqlite://".len()..].to_string())),
            Some("file") | None => Ok(Target::Sqlite(url.strip_prefix("sqlite:").unwrap_or(url).to_string())),
            Some(other) => Err(Failure::error(format!(
                "unsupported database URL scheme `{other}://`; expected postgres://, postgresql://, mysql:// (also for MariaDB), sqlite:// or a file path"
            ))),
        }
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            Target::Postgres(_) => Dialect::Postgres,
            Target::Mysql(_) => Dialect::Mysql,
            Target::Sqlite(_) => Dialect::Sqlite,
        }
    }

    /// Opening a SQLite path that does not exist creates an empty database there: right for
    /// `migrate up`, a silent surprise for commands that only read or revert.
    pub fn require_existing(&self) -> Result<(), Failure> {
        match self {
            Target::Sqlite(path) if path != ":memory:" && !path.starts_with("file:") && !Path::new(path).exists() => {
                Err(Failure::error(format!(
                    "no SQLite database at {path}; check the path (`migrate up` creates it)"
                )))
            }
            _ => Ok(()),
        }
    }
}

/// Opens a connection, with the error people need to fix the URL.
pub fn connect<C: Connection>(url: &str) -> Result<C, Failure> {
    C::establish(url).map_err(|e| Failure::error(format!("cannot connect to the database: {e}")))
}

/// Calls `$function::<Connection>(url, args...)` with the diesel connection type of the target.
macro_rules! on_target {
    ($target:expr, $($function:ident)::+, $($arg:expr),* $(,)?) => {
        match $target {
            $crate::target::Target::Postgres(url) => $($function)::+::<diesel::PgConnection>(url, $($arg),*),
            $crate::target::Target::Mysql(url) => $($function)::+::<diesel::MysqlConnection>(url, $($arg),*),
            $crate::target::Target::Sqlite(url) => $($function)::+::<diesel::SqliteConnection>(url, $($arg),*),
        }
    };
}
pub(crate) use on_target;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_picks_the_backend() {
        assert_eq!(
            Target::parse("postgres://u@h/db").ok(),
            Some(Target::Postgres("postgres://u@h/db".into()))
        );
        assert_eq!(
            Target::parse("postgresql://u@h/db").ok(),
            Some(Target::Postgres("postgresql://u@h/db".into()))
        );
        assert_eq!(
            Target::parse("mysql://root@h:3306/db").ok(),
            Some(Target::Mysql("mysql://root@h:3306/db".into()))
        );
        assert_eq!(
            Target::parse("sqlite:///tmp/app.db").ok(),
            Some(Target::Sqlite("/tmp/app.db".into()))
        );
        assert_eq!(
            Target::parse("sqlite://app.db").ok(),
            Some(Target::Sqlite("app.db".into()))
        );
        assert_eq!(
            Target::parse("sqlite:app.db").ok(),
            Some(Target::Sqlite("app.db".into()))
        );
        assert_eq!(
            Target::parse("data/app.db").ok(),
            Some(Target::Sqlite("data/app.db".into()))
        );
        assert_eq!(
            Target::parse("file:app.db?mode=ro").ok(),
            Some(Target::Sqlite("file:app.db?mode=ro".into()))
        );
        let error = Target::parse("redis://h").err().map(|f| f.message).unwrap_or_default();
        assert!(error.contains("unsupported database URL scheme `redis://`"), "{error}");
    }
}

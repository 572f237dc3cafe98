//! Which database a URL names, and running a command with the matching diesel connection type.

use std::path::PathBuf;

use diesel::Connection;
use tablewright_core::Dialect;

use crate::failure::Failure;

/// A database, by backend, with the string its diesel connection is opened with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Postgres(String),
    Mysql(String),
    /// A file path (or `:memory:`), or a SQLite URI filename (`file:app.db?mode=ro`), which
    /// diesel opens with URI filenames enabled.
    Sqlite(String),
}

impl Target {
    /// `postgres://` or `postgresql://` is PostgreSQL, `mysql://` is MySQL or MariaDB, and
    /// `sqlite://PATH`, `sqlite:PATH`, a `file:` URI or a plain path is SQLite. Query parameters
    /// (`sqlite://app.db?mode=ro`) make a SQLite URI (`file:app.db?mode=ro`), so SQLite reads them
    /// instead of taking them for part of the file name; a plain path with `?` is refused.
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
            Some("sqlite") => Ok(sqlite_path(&url["sqlite://".len()..])),
            Some("file") => Ok(Target::Sqlite(url.to_string())),
            None if url.starts_with("file:") => Ok(Target::Sqlite(url.to_string())),
            None if url.starts_with("sqlite:") => Ok(sqlite_path(&url["sqlite:".len()..])),
            None if url.contains('?') => Err(Failure::error(format!(
                "`{url}` is a file path with `?` in it: SQLite would create a file of that name. For URI parameters write \
                 `file:{url}` (or `sqlite://{url}`)"
            ))),
            None => Ok(Target::Sqlite(url.to_string())),
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

    /// The file a SQLite target opens, unless it is an in-memory database.
    pub fn sqlite_file(&self) -> Option<SqliteFile> {
        let Target::Sqlite(name) = self else { return None };
        let Some(uri) = name.strip_prefix("file:") else {
            return (name != ":memory:" && !name.is_empty()).then(|| SqliteFile {
                path: PathBuf::from(name),
                creates: false,
            });
        };
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let path = path.split('#').next().unwrap_or_default();
        let query = query.split('#').next().unwrap_or_default();
        // `file://localhost/abs` and `file:///abs` have an (empty) authority before the path.
        let path = match path.strip_prefix("//") {
            Some(rest) => rest.strip_prefix("localhost").unwrap_or(rest),
            None => path,
        };
        let path = percent_decode(path);
        let mode = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("mode="))
            .map(percent_decode);
        if path.is_empty() || path == ":memory:" || mode.as_deref() == Some("memory") {
            return None;
        }
        Some(SqliteFile {
            path: PathBuf::from(path),
            creates: mode.as_deref() == Some("rwc"),
        })
    }

    /// Opening a SQLite path that does not exist creates an empty database there: a silent
    /// surprise for commands that only read or revert, which refuse it.
    pub fn require_existing(&self) -> Result<(), Failure> {
        match self.sqlite_file() {
            Some(file) if !file.path.exists() => Err(Failure::error(format!(
                "no SQLite database at {}; check the path (`tablewright migrate up --create` creates one)",
                file.path.display()
            ))),
            _ => Ok(()),
        }
    }

    /// `migrate up` creates a SQLite database that does not exist only when asked to, with
    /// `--create` (or a `file:` URI with `mode=rwc`): a mistyped path should not become a new,
    /// empty database.
    pub fn require_existing_unless(&self, create: bool) -> Result<(), Failure> {
        match self.sqlite_file() {
            Some(file) if !file.path.exists() && !create && !file.creates => Err(Failure::error(format!(
                "no SQLite database at {}; to create it, run `tablewright migrate up --create` (check the path first)",
                file.path.display()
            ))),
            _ => Ok(()),
        }
    }
}

/// The database file a SQLite target names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqliteFile {
    pub path: PathBuf,
    /// The URI asks SQLite to create it (`mode=rwc`).
    pub creates: bool,
}

/// The part after `sqlite://` or `sqlite:`: a path, or with `?` parameters, a SQLite URI
/// filename (`%` and `#` in the path escaped, as URIs need).
fn sqlite_path(rest: &str) -> Target {
    match rest.split_once('?') {
        None => Target::Sqlite(rest.to_string()),
        Some((path, query)) => Target::Sqlite(format!("file:{}?{query}", path.replace('%', "%25").replace('#', "%23"))),
    }
}

/// `%XX` escapes decoded (invalid ones are kept as written).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Opens a connection, with the error people need to fix the URL.
pub fn connect<C: Connection>(url: &str) -> Result<C, Failure> {
    C::establish(url).map_err(|e| Failure::error(format!("cannot connect to the database: {e}")))
}

/// The error for a database this binary was built without (its cargo feature was off).
#[cfg(not(all(feature = "postgres", feature = "mysql", feature = "sqlite")))]
pub fn not_built_for(database: &str, feature: &str) -> Failure {
    Failure::error(format!(
        "this tablewright was built without {database} support; reinstall it with the `{feature}` feature \
         (`cargo install --path tablewright-cli --features {feature}`; the default features include every database)"
    ))
}

/// Calls `$function::<Connection>(url, args...)` with the diesel connection type of the target,
/// or fails if this binary was built without that database's feature.
macro_rules! on_target {
    ($target:expr, $($function:ident)::+, $($arg:expr),* $(,)?) => {
        match $target {
            #[cfg(feature = "postgres")]
            $crate::target::Target::Postgres(url) => $($function)::+::<diesel::PgConnection>(url, $($arg),*),
            #[cfg(not(feature = "postgres"))]
            $crate::target::Target::Postgres(_) => Err($crate::target::not_built_for("PostgreSQL", "postgres")),
            #[cfg(feature = "mysql")]
            $crate::target::Target::Mysql(url) => $($function)::+::<diesel::MysqlConnection>(url, $($arg),*),
            #[cfg(not(feature = "mysql"))]
            $crate::target::Target::Mysql(_) => Err($crate::target::not_built_for("MySQL/MariaDB", "mysql")),
            #[cfg(feature = "sqlite")]
            $crate::target::Target::Sqlite(url) => $($function)::+::<diesel::SqliteConnection>(url, $($arg),*),
            #[cfg(not(feature = "sqlite"))]
            $crate::target::Target::Sqlite(_) => Err($crate::target::not_built_for("SQLite", "sqlite")),
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
        assert_eq!(
            Target::parse("sqlite://:memory:").ok(),
            Some(Target::Sqlite(":memory:".into()))
        );
        let error = Target::parse("redis://h").err().map(|f| f.message).unwrap_or_default();
        assert!(error.contains("unsupported database URL scheme `redis://`"), "{error}");
    }

    #[test]
    fn sqlite_query_parameters_make_a_uri_never_a_file_name() {
        let sqlite = |url: &str| match Target::parse(url) {
            Ok(Target::Sqlite(name)) => name,
            Ok(other) => panic!("{url}: {other:?}"),
            Err(failure) => panic!("{url}: {}", failure.message),
        };
        assert_eq!(sqlite("sqlite://app.db?mode=ro"), "file:app.db?mode=ro");
        assert_eq!(sqlite("sqlite:app.db?mode=ro"), "file:app.db?mode=ro");
        assert_eq!(
            sqlite("sqlite:///tmp/app.db?mode=rw&cache=shared"),
            "file:/tmp/app.db?mode=rw&cache=shared"
        );
        assert_eq!(sqlite("sqlite://100%#1.db?mode=ro"), "file:100%25%231.db?mode=ro");
        assert_eq!(sqlite("file:app.db?mode=rwc"), "file:app.db?mode=rwc");
        assert_eq!(sqlite("file:///tmp/app.db?mode=ro"), "file:///tmp/app.db?mode=ro");
        let refused = Target::parse("app.db?mode=ro")
            .err()
            .map(|f| f.message)
            .unwrap_or_default();
        assert!(refused.contains("`file:app.db?mode=ro`"), "{refused}");
    }

    #[test]
    fn the_file_a_sqlite_target_opens() {
        let file = |url: &str| Target::parse(url).ok().and_then(|t| t.sqlite_file());
        let at = |path: &str, creates: bool| {
            Some(SqliteFile {
                path: PathBuf::from(path),
                creates,
            })
        };
        assert_eq!(file("app.db"), at("app.db", false));
        assert_eq!(file("sqlite://data/app.db"), at("data/app.db", false));
        assert_eq!(file("sqlite://app.db?mode=ro"), at("app.db", false));
        assert_eq!(file("file:app.db?mode=rwc"), at("app.db", true));
        assert_eq!(file("file:///tmp/a%20b.db"), at("/tmp/a b.db", false));
        assert_eq!(
            file("file://localhost/tmp/app.db?cache=shared"),
            at("/tmp/app.db", false)
        );
        assert_eq!(file("sqlite://100%#1.db?mode=ro"), at("100%#1.db", false));
        assert_eq!(file(":memory:"), None);
        assert_eq!(file("file::memory:?cache=shared"), None);
        assert_eq!(file("file:app.db?mode=memory"), None);
        assert_eq!(file("postgres://u@h/db"), None);
    }

    #[test]
    fn a_missing_sqlite_file_is_created_only_on_request() {
        let missing = "no/such/folder/app.db";
        let target = Target::parse(missing).ok().unwrap();
        let refused = target.require_existing().err().map(|f| f.message).unwrap_or_default();
        assert!(refused.contains("no SQLite database at"), "{refused}");
        let refused = target
            .require_existing_unless(false)
            .err()
            .map(|f| f.message)
            .unwrap_or_default();
        assert!(refused.contains("`tablewright migrate up --create`"), "{refused}");
        assert!(target.require_existing_unless(true).is_ok());
        let rwc = Target::parse(&format!("file:{missing}?mode=rwc")).ok().unwrap();
        assert!(rwc.require_existing_unless(false).is_ok(), "mode=rwc asks to create");
        assert!(rwc.require_existing().is_err(), "other commands never create");
        assert!(Target::parse(":memory:").ok().unwrap().require_existing().is_ok());
    }
}

//! A URL for another database than the connection type `run` was given: said before connecting,
//! because the client library's own error does not say it (libpq reads `mysql://...` as a
//! key=value string: `missing "=" after ...`; SQLite takes it for a file path).

use tablewright_runtime_core::Dialect;

/// The message when `url`'s scheme names a database other than `dialect`'s; `None` when it
/// names the same one or none (a SQLite path, a libpq `host=...` string).
pub(super) fn other_database(dialect: Dialect, connection: &str, url: &str) -> Option<String> {
    let (scheme, _) = url.split_once("://")?;
    // A scheme names a database as a dialect's name does (`postgresql`, `mariadb`...).
    let of_url: Dialect = scheme.parse().ok()?;
    (of_url != dialect).then(|| {
        let expected = match dialect {
            Dialect::Postgres => "a postgres:// URL",
            Dialect::Mysql => "a mysql:// URL (MariaDB too)",
            Dialect::Sqlite => "a file path or a sqlite:// URL",
        };
        format!(
            "the URL is a {scheme}:// one, but this run migrates with `{connection}` ({dialect}): \
             give it {expected}, or run with the connection type of the URL's database"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_of_another_database_is_named_with_the_connection() {
        let shown = other_database(Dialect::Postgres, "PgConnection", "mysql://root@127.0.0.1:3306/app").unwrap();
        assert_eq!(
            shown,
            "the URL is a mysql:// one, but this run migrates with `PgConnection` (postgres): give it a \
             postgres:// URL, or run with the connection type of the URL's database"
        );
        assert!(other_database(Dialect::Sqlite, "SqliteConnection", "POSTGRESQL://h/db").is_some());
        assert!(other_database(Dialect::Mysql, "MysqlConnection", "mariadb://h/db").is_none());
        assert!(other_database(Dialect::Postgres, "PgConnection", "postgresql://h/db").is_none());
        assert!(other_database(Dialect::Sqlite, "SqliteConnection", "sqlite://app.db").is_none());
        assert!(other_database(Dialect::Sqlite, "SqliteConnection", "app.db").is_none());
        assert!(other_database(Dialect::Postgres, "PgConnection", "host=/tmp dbname=app").is_none());
    }
}

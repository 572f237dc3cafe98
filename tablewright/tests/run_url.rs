//! `Migrator::run` given a URL for another database than its connection type says so, instead of
//! the client library's own puzzle (SQLite takes `postgres://...` for a file path; libpq reads
//! `mysql://...` as `missing "=" after ...`).

use diesel::SqliteConnection;
use tablewright::{MigrateError, Migrations, Migrator};

static NONE: Migrations = Migrations::embedded(&[]);

#[test]
fn a_url_for_another_database_is_refused_before_connecting() {
    for url in [
        "postgres://postgres@127.0.0.1:5432/app",
        "mysql://root@127.0.0.1:3306/app",
    ] {
        let error = Migrator::new(&NONE).run::<SqliteConnection>(url).unwrap_err();
        assert!(matches!(error, MigrateError::Connect(_)), "{error}");
        let scheme = url.split("://").next().unwrap();
        assert_eq!(
            error.to_string(),
            format!(
                "cannot connect to the database: the URL is a {scheme}:// one, but this run migrates with \
                 `SqliteConnection` (sqlite): give it a file path or a sqlite:// URL, or run with the \
                 connection type of the URL's database"
            )
        );
    }
    // Under the target folder: tests write nowhere else (CI runs them with no system temp folder).
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let url = format!("sqlite://{}", dir.path().join("app.db").display());
    Migrator::new(&NONE).run::<SqliteConnection>(&url).unwrap();
}

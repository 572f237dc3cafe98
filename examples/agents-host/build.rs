// The host's own migrations, one folder per database it runs on: SQLite by default, PostgreSQL
// with the `postgres` feature. Its `notes` table references the agents library's sessions; the
// build reads the library's tables from cargo's `links` metadata.
fn main() {
    let postgres = std::env::var_os("CARGO_FEATURE_POSTGRES").is_some();
    let (dialect, folder) = match postgres {
        true => (tablewright_build::Dialect::Postgres, "migrations/postgres"),
        false => (tablewright_build::Dialect::Sqlite, "migrations/sqlite"),
    };
    tablewright_build::Builder::new()
        .scan("src/models")
        .dialect(dialect)
        .migrations(folder)
        .generate();
}

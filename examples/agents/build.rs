// The library's migrations, for every database it supports, written from its structs (and
// checked, not written, in CI).
fn main() {
    tablewright_build::Library::new("agents")
        .scan("src/models")
        .dialects([
            tablewright_build::Dialect::Postgres,
            tablewright_build::Dialect::Sqlite,
            tablewright_build::Dialect::Mysql,
        ])
        .generate();
}

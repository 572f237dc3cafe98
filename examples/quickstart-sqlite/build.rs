fn main() {
    tablewright_build::Builder::new()
        .scan("src/models")
        .migrations("migrations")
        .dialect(tablewright_build::Dialect::Sqlite)
        .generate();
}

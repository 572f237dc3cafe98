// The warehouse schema is the repository's own: `schemas/` at the top, migrations into the
// top-level `migrations/` folder.
fn main() {
    tablewright_build::Builder::new()
        .schemas("../../schemas")
        .migrations("../../migrations")
        .dialect(tablewright_build::Dialect::Postgres)
        .generate();
}

// The settings are in tablewright.toml, shared with the `tablewright` command line.
fn main() {
    tablewright_build::generate();
}

//! One mistake, one error: a declaration with an error is not also reported through the tables
//! that reference it, and what could not be read is listed before the rules' findings.

use std::path::Path;

use tablewright_core::dialect::Dialect;
use tablewright_core::project::Project;
use tablewright_core::Diagnostics;

/// Loads a project made of `files` (YAML under `schemas/`, Rust under `src/`) and returns its
/// diagnostics, which must include errors.
fn load(files: &[(&str, &str)]) -> Diagnostics {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    for folder in ["schemas", "src"] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
    }
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let project = Project {
        schema_dirs: vec![dir.path().join("schemas")],
        source_dirs: vec![dir.path().join("src")],
        migrations_dir: dir.path().join("migrations"),
        dialect: Dialect::Postgres,
    };
    let diagnostics = project.load().expect_err("the schema has errors");
    relative(diagnostics, dir.path())
}

/// Paths relative to the project, for readable assertions.
fn relative(mut diagnostics: Diagnostics, root: &Path) -> Diagnostics {
    for d in &mut diagnostics.0 {
        if let Some(file) = &d.origin.file {
            let short = file.strip_prefix(root).unwrap_or(file).to_path_buf();
            d.origin.file = Some(std::sync::Arc::new(short));
        }
    }
    diagnostics
}

fn codes(diagnostics: &Diagnostics) -> Vec<&'static str> {
    diagnostics.0.iter().map(|d| d.code).collect()
}

const LOTS: &str = "table: lots\ncolumns:\n  lot_id: { type: bigint, primary_key: true }\n  location_id: { type: bigint, references: locations.id, on_delete: restrict, index: true }\n";

#[test]
fn a_struct_with_an_attribute_error_is_not_also_an_unknown_table() {
    let locations = r#"
#[derive(Table)]
struct Location {
    #[column(primary_ky)]
    id: i64,
}
"#;
    let found = load(&[("schemas/lots.yaml", LOTS), ("src/location.rs", locations)]);
    assert_eq!(codes(&found), ["attribute"], "{found}");
    assert!(found.0[0].message.contains("did you mean `primary_key`?"), "{found}");
}

#[test]
fn a_column_of_unknown_type_is_not_also_a_type_mismatch() {
    let locations = "table: locations\ncolumns:\n  id: { type: bigintt, primary_key: true }\n";
    let found = load(&[("schemas/lots.yaml", LOTS), ("schemas/locations.yaml", locations)]);
    assert_eq!(codes(&found), ["unknown-type"], "{found}");
}

#[test]
fn a_file_that_does_not_parse_hides_no_table_behind_unknown_table_errors() {
    let found = load(&[
        ("schemas/lots.yaml", LOTS),
        ("schemas/locations.yaml", "table: locations\ncolumns: { id: bigint\n"),
    ]);
    assert_eq!(codes(&found), ["yaml-syntax"], "{found}");

    let found = load(&[("schemas/lots.yaml", LOTS), ("src/location.rs", "struct Location {")]);
    assert_eq!(codes(&found), ["rust-syntax"], "{found}");
}

/// The mistake that could not be read comes first, though its file sorts after the rule's.
#[test]
fn what_could_not_be_read_comes_first() {
    let careless = "table: a_notes\ncolumns:\n  id: { type: bigint, primary_key: true }\n  lot_id: { type: bigint, references: lots.lot_id, index: true }\n";
    let locations = "table: locations\ncolums:\n  id: { type: bigint, primary_key: true }\n";
    let found = load(&[
        ("schemas/a_notes.yaml", careless),
        ("schemas/lots.yaml", LOTS),
        ("schemas/z_locations.yaml", locations),
    ]);
    assert_eq!(codes(&found), ["unknown-key", "fk-without-on-delete"], "{found}");
    let files: Vec<String> = found.0.iter().map(|d| d.origin.to_string()).collect();
    assert_eq!(files, ["schemas/z_locations.yaml:2:1", "schemas/a_notes.yaml:4:27"]);
}

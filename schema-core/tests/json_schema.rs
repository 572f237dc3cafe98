//! The JSON Schema that editors load (`tablewright.schema.json` at the repository root) is exactly
//! what the YAML types generate, it accepts every real schema file under `schemas/` and the
//! complete example of `docs/yaml.md`, and it agrees with the parser on what is and is not a
//! well-formed table file.
//!
//! The committed file is a golden file: this test never rewrites it. Regenerate it on purpose.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use tablewright_core::dialect::Dialect;
use tablewright_core::project::Project;
use tablewright_core::source::yaml::{json_schema, parse_str};

const REGENERATE: &str = "cargo run -q -p tablewright-cli -- schema-json > tablewright.schema.json";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn committed_json_schema_is_current() {
    let path = repo_root().join("tablewright.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nGenerate it from the repository root with:\n    {REGENERATE}",
            path.display()
        )
    });
    let generated = json_schema();
    if committed != generated {
        let first_difference = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()))
            + 1;
        panic!(
            "tablewright.schema.json is out of date with the YAML format \
             (schema-core/src/source/yaml/document.rs); they first differ at line {first_difference}.\n\
             Regenerate it from the repository root with:\n    {REGENERATE}\n\
             and commit the result."
        );
    }
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&json_schema()).expect("the JSON Schema is JSON");
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("the JSON Schema is not a valid schema: {e}"))
}

/// Every document of a YAML stream, as the JSON an editor's YAML language server validates.
fn documents(text: &str) -> Vec<serde_json::Value> {
    serde_yaml::Deserializer::from_str(text)
        .map(|document| serde_json::Value::deserialize(document).expect("readable YAML"))
        .collect()
}

/// Problems the JSON Schema finds in `text`, one line each.
fn schema_errors(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (index, document) in documents(text).iter().enumerate() {
        for error in validator.iter_errors(document) {
            found.push(format!(
                "document {}: {error} (at `{}`)",
                index + 1,
                error.instance_path()
            ));
        }
    }
    found
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("readable folder").path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

#[test]
fn every_repository_schema_file_is_valid() {
    let validator = validator();
    let mut files = Vec::new();
    yaml_files(&repo_root().join("schemas"), &mut files);
    files.sort();
    assert!(!files.is_empty(), "no YAML files under schemas/");
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable file");
        for error in schema_errors(&validator, &text) {
            failures.push(format!("{}: {error}", file.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "the JSON Schema rejects files the project reads:\n{}",
        failures.join("\n")
    );
}

/// Well-formed files are accepted by both the JSON Schema and the parser; malformed ones are
/// refused by both (the parser with an error about the file's shape: an unknown or missing key, a
/// value of the wrong kind, ...), so an editor never disagrees with `cargo build` about the shape
/// of a file.
#[test]
fn json_schema_and_parser_agree() {
    let validator = validator();
    let accepted = [
        "table: notes\ncolumns:\n  id: bigserial\n",
        "table: notes\ncolumns:\n  id: { type: bigserial, primary_key: true }\n  body: { type: text, nullable: true, default: '' }\n",
        "table: lots\ntenant: tenant_id\ncolumns:\n  id: uuid\n  tenant_id: uuid\n",
        "table: lots\ntenant: { column: tenant_id, setting: app.tenant, policy: lots_isolation }\ncolumns:\n  tenant_id: uuid\n",
        "table: systems\nexternal: true\ncolumns:\n  asset_uid: varchar(64)\n",
        "table: systems\nexternal: { owner: main system team }\ncolumns:\n  asset_uid: varchar(64)\n",
        "table: t\ncolumns:\n  a: { type: jsonb, index: gin, default: '{}' }\n  b: { type: 'numeric(12,3)', default: 0.5 }\n  c: { type: integer, default: -3 }\n  d: { type: boolean, default: false }\n",
        "table: t\ncolumns:\n  a: { type: text, native_type: { postgres: citext }, diesel_type: my::Citext }\n",
        "table: t\nprimary_key: [a, b]\ncolumns:\n  a: integer\n  b: integer\nindexes:\n  - { columns: [b], unique: true, method: btree, predicate: b > 0, name: idx_t_b }\nuniques:\n  - { columns: [a, b], name: t_a_b_key }\nchecks:\n  - { expr: a < b, name: t_order }\nforeign_keys:\n  - { columns: [a, b], references: 'other(x, y)', on_delete: cascade, on_update: no_action }\n",
        "table: a\ncolumns:\n  id: integer\n---\ntable: b\ncolumns:\n  id: integer\n",
        "function: touch\nreturns: trigger\nlanguage: plpgsql\nbody: |\n  BEGIN\n    RETURN NEW;\n  END;\n",
        "function: code\narguments: [integer, { name: len, type: integer, default: 3 }]\nreturns: text\nlanguage: sql\nvolatility: stable\nstrict: true\nset: { search_path: public }\nbody: SELECT 'x'\n",
        "function: lower\nreturns: text\nexternal: true\n",
        "table: t\ncolumns:\n  id: integer\ntriggers:\n  - { name: t_a, timing: after, events: [insert, update], update_of: [id], for_each: row, when: NEW.id > 0, execute: touch('x') }\n  - { name: t_b, timing: after, events: [insert], for_each: statement, referencing: { new_table: added }, execute: touch() }\n",
    ];
    let refused = [
        // An unknown key, at the table and at a column.
        "table: t\ncolums:\n  id: integer\n",
        "table: t\ncolumns:\n  id: { type: integer, nulable: true }\n",
        // The flow-style gotcha: the comma ends the value, leaving a key `3)`.
        "table: t\ncolumns:\n  amount: { type: numeric(12,3), nullable: true }\n",
        // Missing required keys.
        "columns:\n  id: integer\n",
        "table: t\n",
        "table: t\ncolumns:\n  id: { nullable: true }\n",
        "table: t\ncolumns:\n  id: integer\nindexes:\n  - { name: idx_t }\n",
        "table: t\ncolumns:\n  id: integer\nforeign_keys:\n  - { columns: [id] }\n",
        // Wrong shapes.
        "table: t\ncolumns:\n  id: [integer]\n",
        "table: t\ncolumns: [id, name]\n",
        "table: t\ncolumns:\n  id: { type: integer, nullable: maybe }\n",
        "table: t\ncolumns:\n  id: { type: integer, default: [1] }\n",
        "table: t\nexternal: { team: main }\ncolumns:\n  id: integer\n",
        "table: t\ntenant: { setting: app.tenant }\ncolumns:\n  id: integer\n",
        // A function without its body, a document of two kinds, a trigger without `execute`.
        "function: f\nreturns: text\nlanguage: sql\n",
        "function: f\ntable: t\nreturns: text\ncolumns:\n  id: integer\n",
        "table: t\ncolumns:\n  id: integer\ntriggers:\n  - { name: t_a, timing: after, events: [insert] }\n",
        "function: f\nreturns: text\nlanguage: sql\nbody: x\nvolatile: true\n",
    ];
    // The codes of a file whose shape is wrong (not of the rules that run on a readable table).
    let shape_codes = [
        "yaml-syntax",
        "unknown-key",
        "missing-key",
        "invalid-value",
        "duplicate-key",
        "duplicate-column",
        "no-columns",
    ];
    let parser_refuses = |text: &str| parse_str(text, None).1.iter().any(|d| shape_codes.contains(&d.code));

    let mut disagreements = Vec::new();
    for text in accepted {
        let errors = schema_errors(&validator, text);
        if !errors.is_empty() {
            disagreements.push(format!(
                "JSON Schema refuses a valid file:\n{text}{}",
                errors.join("\n")
            ));
        }
        if parser_refuses(text) {
            disagreements.push(format!(
                "the parser refuses a valid file:\n{text}{:?}",
                parse_str(text, None).1
            ));
        }
    }
    for text in refused {
        if schema_errors(&validator, text).is_empty() {
            disagreements.push(format!("JSON Schema accepts a malformed file:\n{text}"));
        }
        if !parser_refuses(text) {
            disagreements.push(format!("the parser accepts a malformed file:\n{text}"));
        }
    }
    assert!(disagreements.is_empty(), "\n{}", disagreements.join("\n\n"));
}

/// The first YAML block of the "A complete example" section of `docs/yaml.md`.
fn documented_example() -> String {
    let path = repo_root().join("docs/yaml.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let section = doc
        .split("\n## A complete example\n")
        .nth(1)
        .expect("docs/yaml.md has a section `## A complete example`");
    let start = section.find("```yaml\n").expect("the section has a ```yaml block") + "```yaml\n".len();
    let end = section[start..].find("\n```").expect("the block is closed");
    section[start..=start + end].to_string()
}

/// The documentation promises that its complete example is valid and, next to the repository's
/// tables it references, loads without an error or a warning.
#[test]
fn documented_complete_example_is_valid() {
    let example = documented_example();
    let errors = schema_errors(&validator(), &example);
    assert!(
        errors.is_empty(),
        "the JSON Schema rejects the example of docs/yaml.md:\n{}",
        errors.join("\n")
    );

    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a temporary folder");
    let mut files = Vec::new();
    yaml_files(&repo_root().join("schemas"), &mut files);
    for file in files {
        std::fs::copy(&file, dir.path().join(file.file_name().expect("a file name"))).expect("copy");
    }
    std::fs::write(dir.path().join("docs_example.yaml"), &example).expect("write");
    let project = Project {
        schema_dirs: vec![dir.path().to_path_buf()],
        source_dirs: vec![],
        migrations_dir: dir.path().join("migrations"),
        dialect: Dialect::Postgres,
    };
    let loaded = project
        .load()
        .unwrap_or_else(|d| panic!("the example of docs/yaml.md does not load:\n{d}"));
    assert!(
        loaded.warnings.is_empty(),
        "the example of docs/yaml.md loads with warnings:\n{}",
        loaded.warnings
    );
    assert!(loaded.schema.table("lot_movements").is_some() && loaded.schema.table("suppliers").is_some());
}

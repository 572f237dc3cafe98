//! A diagnostic's help shows the fix as the user writes it: YAML keys for a YAML table,
//! attributes for a `#[derive(Table)]` struct. And it points at the key or file that causes it,
//! also when the schema mixes both sources.

use std::path::PathBuf;
use std::sync::Arc;

use tablewright_core::check::check_schema;
use tablewright_core::diagnostic::Diagnostic;
use tablewright_core::model::Schema;
use tablewright_core::plan::plan;
use tablewright_core::source::{rust, yaml};
use tablewright_core::{Diagnostics, Dialect};

fn yaml_tables(file: &str, text: &str) -> Schema {
    let (tables, problems) = yaml::parse_str(text, Some(Arc::new(PathBuf::from(file))));
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    Schema {
        tables,
        ..Default::default()
    }
}

fn rust_tables(file: &str, text: &str) -> Schema {
    let (tables, problems) = rust::scan_file(text, Arc::new(PathBuf::from(file)));
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    Schema {
        tables,
        ..Default::default()
    }
}

/// Both sources together, as the build script loads them.
fn merged(parts: impl IntoIterator<Item = Schema>) -> Schema {
    let mut schema = Schema {
        tables: parts.into_iter().flat_map(|s| s.tables).collect(),
        ..Default::default()
    };
    schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
    schema.resolve_references();
    schema
}

/// What the last migration recorded: the schema without its origins, as read back from JSON.
fn snapshot(schema: &Schema) -> Schema {
    serde_json::from_str(&schema.to_json()).unwrap()
}

fn refusals(old: &Schema, new: &Schema) -> Vec<Diagnostic> {
    match plan(&snapshot(old), new, Dialect::Sqlite) {
        Ok(plan) => panic!("planned {:?}", plan.headline()),
        Err(refused) => refused,
    }
}

#[track_caller]
fn only<'a>(found: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    let with: Vec<&Diagnostic> = found.iter().filter(|d| d.code == code).collect();
    assert_eq!(with.len(), 1, "one `{code}` in:\n{}", Diagnostics(found.to_vec()));
    with[0]
}

fn help(diagnostic: &Diagnostic) -> &str {
    diagnostic.help.as_deref().unwrap_or_default()
}

const YAML_PARENT: &str = "table: parents\ncolumns:\n  id: { type: bigint, primary_key: true }\n";

#[test]
fn check_help_is_spelled_like_the_table_it_is_about() {
    let yaml_child = "table: yaml_kids\ncolumns:\n  id: { type: bigint, primary_key: true }\n  parent_id: { type: bigint, references: parents.id }\n";
    let rust_child = r#"
#[derive(Table)]
struct RustKid {
    #[column(primary_key)]
    id: i64,
    #[column(references = "parents.id")]
    parent_id: i64,
}
"#;
    let schema = merged([
        yaml_tables("schemas/parents.yaml", &format!("{YAML_PARENT}---\n{yaml_child}")),
        rust_tables("src/models.rs", rust_child),
    ]);
    let found = check_schema(&schema, Dialect::Postgres);
    let of = |table: &str, code: &str| {
        found
            .iter()
            .find(|d| d.code == code && d.message.contains(&format!("on `{table}`")))
            .unwrap_or_else(|| panic!("no `{code}` on {table}:\n{}", Diagnostics(found.clone())))
    };

    let yaml = of("yaml_kids", "fk-without-on-delete");
    assert!(help(yaml).contains("`on_delete: restrict`"), "{yaml}");
    let rust = of("rust_kids", "fk-without-on-delete");
    assert!(help(rust).contains("`on_delete = \"restrict\"`"), "{rust}");
    assert!(!help(rust).contains("on_delete: "), "{rust}");

    let yaml = of("yaml_kids", "unindexed-foreign-key");
    assert!(help(yaml).contains("`index: true`"), "{yaml}");
    let rust = of("rust_kids", "unindexed-foreign-key");
    assert!(help(rust).contains("`#[column(index)]`"), "{rust}");

    // Each at the `references` that makes the key, in its own file.
    assert_eq!(yaml.origin.to_string(), "schemas/parents.yaml:8:30");
    assert_eq!(rust.origin.to_string(), "src/models.rs:6:27");
}

#[test]
fn planner_help_is_spelled_like_the_table_it_is_about() {
    let rust_before = r#"
#[derive(Table)]
struct Item {
    #[column(primary_key)]
    id: i64,
    name: String,
}
"#;
    let rust_after = rust_before.replace("    name: String,\n", "    title: Option<String>,\n");
    let rust = refusals(
        &merged([rust_tables("src/item.rs", rust_before)]),
        &merged([rust_tables("src/item.rs", &rust_after)]),
    );
    let removed = only(&rust, "unsupported-change");
    assert_eq!(removed.message, "column `items.name` was removed from the schema");
    assert!(
        help(removed).starts_with("if `title` is `name` renamed, declare `#[column(renamed_from = \"name\")]` on it"),
        "{removed}"
    );
    assert!(help(removed).contains("`#[column(dropped)]`"), "{removed}");
    assert!(!help(removed).contains("dropped: true"), "{removed}");
    // At the field that may be the renamed one: where `renamed_from` goes.
    assert_eq!(removed.origin.to_string(), "src/item.rs:6:5");

    let yaml_before = "table: items\ncolumns:\n  id: { type: bigint, primary_key: true }\n  name: text\n";
    let yaml = refusals(
        &merged([yaml_tables("schemas/items.yaml", yaml_before)]),
        &merged([yaml_tables(
            "schemas/items.yaml",
            &yaml_before.replace("name: text", "title: { type: text, nullable: true }"),
        )]),
    );
    let removed = only(&yaml, "unsupported-change");
    assert!(
        help(removed).starts_with("if `title` is `name` renamed, declare `renamed_from: name` on it"),
        "{removed}"
    );
    assert!(help(removed).contains("`dropped: true`"), "{removed}");
    assert_eq!(removed.origin.to_string(), "schemas/items.yaml:4:3");

    // A narrowing, refused at the type it changes to.
    let narrowed = rust_before.replace(
        "    name: String,\n",
        "    #[column(max_length = 20)]\n    name: String,\n",
    );
    let rust = refusals(
        &merged([rust_tables("src/item.rs", rust_before)]),
        &merged([rust_tables("src/item.rs", &narrowed)]),
    );
    let narrowing = only(&rust, "unsupported-change");
    assert!(
        help(narrowing).contains("`#[column(narrowing = \"allowed\")]`"),
        "{narrowing}"
    );
    assert_eq!(narrowing.origin.to_string(), "src/item.rs:6:27");
}

/// A renamed YAML table is reported at its own file, not at whichever table sorts first.
#[test]
fn a_renamed_yaml_table_is_reported_at_its_own_file() {
    let rust = "#[derive(Table)]\nstruct Account {\n    #[column(primary_key)]\n    id: i64,\n}\n";
    let coupons = "table: coupons\ncolumns:\n  code: { type: varchar(20), primary_key: true }\n";
    let old = merged([
        rust_tables("src/account.rs", rust),
        yaml_tables("schemas/coupons.yaml", coupons),
    ]);
    let new = merged([
        rust_tables("src/account.rs", rust),
        yaml_tables("schemas/vouchers.yaml", &coupons.replace("coupons", "vouchers")),
    ]);
    assert_eq!(new.tables[0].name, "accounts", "the Rust table sorts first");
    let found = refusals(&old, &new);
    let removed = only(&found, "unsupported-change");
    assert_eq!(removed.message, "table `coupons` was removed from the schema");
    assert_eq!(removed.origin.to_string(), "schemas/vouchers.yaml:1:1");
    assert!(
        help(removed).starts_with("if `vouchers` is `coupons` renamed, declare `renamed_from: coupons` on it"),
        "{removed}"
    );
}

/// A table removed with nothing like it left is in no file: no place, and both spellings when
/// the schema is written both ways.
#[test]
fn a_removed_table_has_no_place_and_both_spellings_in_a_mixed_schema() {
    let rust = "#[derive(Table)]\nstruct Account {\n    #[column(primary_key)]\n    id: i64,\n}\n";
    let old = merged([
        rust_tables("src/account.rs", rust),
        yaml_tables("schemas/p.yaml", YAML_PARENT),
    ]);
    let new = merged([
        rust_tables("src/account.rs", rust),
        yaml_tables(
            "schemas/other.yaml",
            "table: others\ncolumns:\n  x: { type: text, primary_key: true }\n",
        ),
    ]);
    let found = refusals(&old, &new);
    let removed = only(&found, "unsupported-change");
    assert!(!removed.origin.is_known(), "{removed}");
    assert!(
        help(removed).contains("`dropped: true` in YAML, `#[table(dropped)]` in a struct"),
        "{removed}"
    );
    // One source only: its spelling alone.
    let old = merged([yaml_tables("schemas/p.yaml", YAML_PARENT)]);
    let new = merged([yaml_tables(
        "schemas/other.yaml",
        "table: others\ncolumns:\n  x: { type: text, primary_key: true }\n",
    )]);
    let removed = refusals(&old, &new).remove(0);
    assert!(help(&removed).contains("`dropped: true`:"), "{removed}");
    assert!(!help(&removed).contains("#[table("), "{removed}");
}

/// A name too long for PostgreSQL (and MySQL) is reported at `name = "..."`, not at the struct.
#[test]
fn a_long_derive_name_is_reported_at_its_attribute() {
    let long = "a".repeat(65);
    let text = format!(
        "#[derive(Table)]\n#[table(name = \"{long}\")]\nstruct Short {{\n    #[column(primary_key)]\n    id: i64,\n}}\n"
    );
    let schema = merged([rust_tables("src/short.rs", &text)]);
    for dialect in Dialect::ALL {
        let found = check_schema(&schema, dialect);
        let too_long = only(&found, "identifier-too-long");
        assert_eq!(too_long.origin.to_string(), "src/short.rs:2:16", "{dialect}");
        assert_eq!(
            help(too_long),
            "choose a shorter name: `#[table(name = \"<shorter name>\")]`"
        );
    }
}

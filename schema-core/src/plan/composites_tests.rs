//! Composite types from YAML through the checks, the planner and the SQL.

use crate::check::check_schema;
use crate::dialect::Dialect::{self, Postgres, Sqlite};
use crate::model::Schema;
use crate::plan::plan;
use crate::render::render;
use crate::source::yaml::parse_schema_str;

fn schema(text: &str) -> Schema {
    let (mut schema, problems) = parse_schema_str(text, None);
    assert!(problems.is_empty(), "{problems:?}");
    schema.sort_type_objects();
    schema.resolve_references();
    schema
}

fn errors(text: &str, dialect: Dialect) -> Vec<String> {
    check_schema(&schema(text), dialect)
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

fn up(before: &str, after: &str) -> String {
    let planned = plan(&schema(before), &schema(after), Postgres).unwrap_or_else(|e| panic!("{e:?}"));
    render(&planned, Postgres)
        .into_iter()
        .map(|m| m.up)
        .collect::<Vec<_>>()
        .join("\n")
}

const PAIR: &str = "composite: pair\nfields: { lo: integer, hi: integer }\n";

#[test]
fn fields_keep_their_order_and_composites_are_created_after_those_they_use() {
    let s = schema("composite: pair\nfields:\n  lo: integer\n  hi: integer\n  a: text\n");
    let names: Vec<&str> = s.composites[0].fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["lo", "hi", "a"]);
    // `a_span` uses `z_pair`: created after it, dropped before it, though its name sorts first.
    let both =
        "composite: a_span\nfields: { ends: z_pair, label: text }\n---\ncomposite: z_pair\nfields: { lo: integer }\n";
    let created = up("", both);
    let at = |sql: &str, text: &str| sql.find(text).unwrap_or_else(|| panic!("{text} in {sql}"));
    assert!(
        at(&created, "CREATE TYPE \"z_pair\"") < at(&created, "CREATE TYPE \"a_span\""),
        "{created}"
    );
    let dropped = up(both, "");
    assert!(
        at(&dropped, "DROP TYPE \"a_span\"") < at(&dropped, "DROP TYPE \"z_pair\""),
        "{dropped}"
    );
}

#[test]
fn other_databases_refuse_composites_and_fields_must_be_known() {
    let table =
        "---\ntable: t\ncolumns:\n  id: { type: integer, primary_key: true }\n  p: { type: pair, nullable: true }\n";
    let refused = errors(&format!("{PAIR}{table}"), Sqlite);
    assert!(
        refused
            .iter()
            .any(|e| e == "unsupported-feature: composite type `pair` is a PostgreSQL composite type; sqlite has none"),
        "{refused:?}"
    );
    assert!(errors(&format!("{PAIR}{table}"), Postgres).is_empty());
    let unknown = errors("composite: c\nfields: { a: nothing_declared, b: c }\n", Postgres);
    assert_eq!(
        unknown,
        [
            "unknown-type: field `a` of composite type `c` is `nothing_declared`: `nothing_declared` is not a declared enum, domain or composite type",
            "unknown-type: field `b` of composite type `c` is `c`: a composite type cannot hold itself",
        ]
    );
}

#[test]
fn new_fields_go_last_and_reordering_is_refused() {
    let added = up(
        PAIR,
        "composite: pair\nfields: { lo: integer, hi: integer, step: integer }\n",
    );
    assert!(
        added.contains("ALTER TYPE \"pair\" ADD ATTRIBUTE \"step\" integer"),
        "{added}"
    );
    for after in [
        "composite: pair\nfields: { step: integer, lo: integer, hi: integer }\n",
        "composite: pair\nfields: { hi: integer, lo: integer }\n",
    ] {
        let refused = plan(&schema(PAIR), &schema(after), Postgres).unwrap_err();
        assert!(
            refused[0].message.contains("PostgreSQL adds fields at the end"),
            "{refused:?}"
        );
    }
}

#[test]
fn a_field_type_changes_only_while_no_column_holds_the_type() {
    let retyped = "composite: pair\nfields: { lo: integer, hi: bigint }\n";
    let sql = up(PAIR, retyped);
    assert!(
        sql.contains("ALTER TYPE \"pair\" ALTER ATTRIBUTE \"hi\" SET DATA TYPE bigint"),
        "{sql}"
    );
    let table = "---\ntable: t\ncolumns:\n  id: { type: integer, primary_key: true }\n  p: { type: 'pair[]', nullable: true }\n";
    let refused = plan(
        &schema(&format!("{PAIR}{table}")),
        &schema(&format!("{retyped}{table}")),
        Postgres,
    )
    .unwrap_err();
    assert!(
        refused[0].message.contains("but the column `t.p` holds the type"),
        "{refused:?}"
    );
}

#[test]
fn an_enum_rebuild_under_a_composite_field_is_refused() {
    let before = "enum: mood\nvalues: [sad, ok]\n---\ncomposite: day\nfields: { on: date, mood: mood }\n";
    let after = "enum: mood\nvalues: [ok, sad]\n---\ncomposite: day\nfields: { on: date, mood: mood }\n";
    let refused = plan(&schema(before), &schema(after), Postgres).unwrap_err();
    assert!(
        refused[0]
            .message
            .contains("but a field of composite type `day` is of it"),
        "{refused:?}"
    );
}

#[test]
fn dropped_fields_come_back_in_their_order_and_a_middle_one_says_it_cannot() {
    let before = "composite: c\nfields: { a: integer, b: integer, x: integer, y: integer }\n";
    let planned = plan(
        &schema(before),
        &schema("composite: c\nfields: { a: integer, b: integer }\n"),
        Postgres,
    )
    .unwrap();
    let down: String = render(&planned, Postgres).into_iter().map(|m| m.down).collect();
    let at = |text: &str| down.find(text).unwrap_or_else(|| panic!("{text} in {down}"));
    assert!(at("ADD ATTRIBUTE \"x\"") < at("ADD ATTRIBUTE \"y\""), "{down}");
    assert!(!down.contains("not in its place"), "{down}");
    let middle = up(before, "composite: c\nfields: { a: integer, x: integer, y: integer }\n");
    assert!(
        middle.contains("drop field b of composite type c (a down adds it back last, not in its place)"),
        "{middle}"
    );
}

//! Exclusion constraints: YAML and the derive read the same one; a new table gets it with it, an
//! existing table in a migration of its own (with `btree_gist` when `=` is compared under GiST);
//! a changed one is dropped and added again, a renamed column followed without a change; MySQL
//! and SQLite refuse it.

use syn::parse_quote;

use super::render;
use crate::check::check_schema;
use crate::diagnostic::Diagnostics;
use crate::dialect::Dialect::{Mysql, Postgres, Sqlite};
use crate::model::{IndexMethod, Schema};
use crate::plan::{plan, UnitKind};
use crate::source::yaml::parse_str;

fn schema(text: &str) -> Schema {
    let (tables, problems) = parse_str(text, None);
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    Schema {
        tables,
        ..Default::default()
    }
}

fn bookings(extra_column: &str, excludes: &str) -> Schema {
    schema(&format!(
        "table: bookings\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\n  room_id: {{ type: integer, index: true }}\n  \
         during: tstzrange\n  cancelled: {{ type: boolean, default: false }}\n{extra_column}excludes:\n{excludes}"
    ))
}

const NO_OVERLAP: &str = "  - name: bookings_no_overlap\n    elements: [{ column: room_id, with: '=' }, { column: during, with: '&&' }]\n    where: NOT cancelled\n";

fn sql(old: &Schema, new: &Schema) -> Vec<(UnitKind, String, String)> {
    for s in [old, new] {
        let found = check_schema(s, Postgres);
        assert!(found.is_empty(), "{}", Diagnostics(found));
    }
    let plan = plan(old, new, Postgres).unwrap_or_else(|e| panic!("{}", Diagnostics(e)));
    plan.units
        .iter()
        .zip(render(&plan, Postgres))
        .map(|(unit, m)| (unit.kind.clone(), m.up, m.down))
        .collect()
}

#[test]
fn yaml_and_the_derive_read_the_same_exclusion() {
    let yaml = bookings(
        "",
        &format!("{NO_OVERLAP}    deferrable: initially_deferred\n    comment: Once at a time\n"),
    );
    let parsed = crate::source::rust::parse_struct(
        &parse_quote! {
            #[table(name = "bookings", exclude(name = "bookings_no_overlap", element(column = "room_id", with = "="),
                    element(column = "during", with = "&&"), where = "NOT cancelled", deferrable = "initially_deferred",
                    comment = "Once at a time"))]
            struct Booking {
                #[column(primary_key)]
                id: i64,
                #[column(index)]
                room_id: i32,
                #[column(sql_type = "tstzrange")]
                during: String,
                #[column(default = false)]
                cancelled: bool,
            }
        },
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(parsed.problems.is_empty(), "{}", Diagnostics(parsed.problems));
    let (a, b) = (&yaml.tables[0].exclusions, &parsed.table.exclusions);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].method, IndexMethod::Gist);
    assert!(a[0].same_constraint(&b[0]) && a[0].name == b[0].name && a[0].comment == b[0].comment);
    // Named after its columns when not named.
    let unnamed = bookings("", "  - elements: [{ column: during, with: '&&' }]\n");
    assert_eq!(unnamed.tables[0].exclusions[0].name, "bookings_during_excl");
}

#[test]
fn mistakes_and_other_databases() {
    let (_, problems) = parse_str(
        "table: t\ncolumns:\n  id: { type: integer, primary_key: true }\nexcludes:\n  - { method: gin, elements: [{ column: id, with: '= 1; --' }] }\n  - { elements: [] }\n",
        None,
    );
    let text = Diagnostics(problems).to_string();
    assert!(text.contains("cannot use `gin`"), "{text}");
    assert!(text.contains("is not an operator"), "{text}");
    assert!(
        text.contains("`elements` of an exclusion constraint is empty"),
        "{text}"
    );
    let table = bookings("", "  - elements: [{ column: room, with: '=' }]\n");
    let found = Diagnostics(check_schema(&table, Postgres)).to_string();
    assert!(found.contains("names unknown column `bookings.room`"), "{found}");
    let dropped = bookings("", NO_OVERLAP).to_json();
    let mut dropped: Schema = serde_json::from_str(&dropped).unwrap();
    dropped.tables[0].columns[1].lifecycle = crate::model::Lifecycle::Dropped;
    let found = Diagnostics(check_schema(&dropped, Postgres)).to_string();
    assert!(found.contains("uses `bookings.room_id`, which is dropped"), "{found}");
    let portable = schema("table: t\ncolumns:\n  id: { type: integer, primary_key: true }\n  a: integer\nexcludes:\n  - { elements: [{ column: a, with: '=' }] }\n");
    for dialect in [Mysql, Sqlite] {
        let found = Diagnostics(check_schema(&portable, dialect)).to_string();
        assert!(
            found.contains(&format!("{dialect} has no exclusion constraints")),
            "{found}"
        );
    }
}

#[test]
fn with_a_new_table_in_its_migration() {
    let units = sql(&Schema::default(), &bookings("", NO_OVERLAP));
    assert_eq!(units.len(), 1, "{units:#?}");
    let up = &units[0].1;
    let extension = up.find("CREATE EXTENSION IF NOT EXISTS btree_gist;").expect(up);
    let create = up.find("CREATE TABLE \"bookings\"").expect(up);
    let add = up
        .find("ALTER TABLE \"bookings\" ADD CONSTRAINT \"bookings_no_overlap\" EXCLUDE USING gist (\"room_id\" WITH =, \"during\" WITH &&) WHERE (NOT cancelled);")
        .expect(up);
    assert!(create < extension && extension < add, "{up}");
}

#[test]
fn on_an_existing_table_in_a_migration_of_its_own() {
    let before = schema(
        "table: bookings\ncolumns:\n  id: { type: bigint, primary_key: true }\n  room_id: { type: integer, index: true }\n  \
         during: tstzrange\n  cancelled: { type: boolean, default: false }\n",
    );
    let units = sql(&before, &bookings("", NO_OVERLAP));
    assert_eq!(units.len(), 1, "{units:#?}");
    let (kind, up, down) = &units[0];
    assert_eq!(*kind, UnitKind::Exclusion);
    assert!(
        up.contains("reads and writes of bookings wait until it is built"),
        "{up}"
    );
    assert!(up.contains("SET LOCAL lock_timeout = '5s';"), "{up}");
    assert!(
        up.contains("-- tablewright-lint: ignore adding-exclusion-constraint, missing-statement-timeout"),
        "{up}"
    );
    assert!(
        down.contains("ALTER TABLE \"bookings\" DROP CONSTRAINT \"bookings_no_overlap\";"),
        "{down}"
    );
    assert!(!down.contains("btree_gist"), "the extension stays: {down}");
    // A range alone needs no extension.
    let range_only = bookings(
        "",
        "  - { name: bookings_apart, elements: [{ column: during, with: '&&' }] }\n",
    );
    let units = sql(&before, &range_only);
    assert!(!units[0].1.contains("btree_gist"), "{}", units[0].1);
}

#[test]
fn changed_dropped_and_added_again_renamed_column_followed() {
    let old = bookings("", NO_OVERLAP);
    let changed = bookings("", &NO_OVERLAP.replace("NOT cancelled", "cancelled = false"));
    let units = sql(&old, &changed);
    // Dropped and added in one transaction: no moment goes unchecked.
    assert_eq!(
        units.iter().map(|u| u.0.clone()).collect::<Vec<_>>(),
        [UnitKind::Exclusion]
    );
    let (up, down) = (&units[0].1, &units[0].2);
    let drop = up
        .find("ALTER TABLE \"bookings\" DROP CONSTRAINT \"bookings_no_overlap\";")
        .expect(up);
    let add = up.find("WHERE (cancelled = false);").expect(up);
    assert!(drop < add, "{up}");
    // The down puts the old one back.
    let old_back = down.find("WHERE (NOT cancelled);").expect(down);
    assert!(down.find("DROP CONSTRAINT").expect(down) < old_back, "{down}");

    let text = format!(
        "table: bookings\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\n  room: {{ type: integer, index: true, renamed_from: room_id }}\n  \
         during: tstzrange\n  cancelled: {{ type: boolean, default: false }}\nexcludes:\n{}",
        NO_OVERLAP.replace("column: room_id", "column: room")
    );
    let units = sql(&old, &schema(&text));
    let all: String = units.iter().map(|u| u.1.clone()).collect();
    assert!(!all.contains("EXCLUDE") && !all.contains("DROP CONSTRAINT"), "{all}");
    // A comment alone is a comment step.
    let commented = bookings("", &format!("{NO_OVERLAP}    comment: Once at a time\n"));
    let units = sql(&old, &commented);
    assert_eq!(units.len(), 1, "{units:#?}");
    assert!(
        units[0]
            .1
            .contains("COMMENT ON CONSTRAINT \"bookings_no_overlap\" ON \"bookings\" IS 'Once at a time';"),
        "{units:#?}"
    );
}

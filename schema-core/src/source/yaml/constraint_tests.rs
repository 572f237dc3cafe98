//! Constraint options in YAML: `deferrable` on unique constraints and foreign keys (on the column
//! too), every mistake reported at its key, and what each database refuses.

use crate::check::check_schema;
use crate::diagnostic::Diagnostics;
use crate::dialect::Dialect;
use crate::model::{Deferrable, Schema};
use crate::source::yaml::parse_str;

const PARENTS: &str = "table: parents\ncolumns:\n  id: { type: bigint, primary_key: true }\n---\n";

fn parse(text: &str) -> Schema {
    let (tables, problems) = parse_str(&format!("{PARENTS}{text}"), None);
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    let mut schema = Schema {
        tables,
        ..Default::default()
    };
    schema.resolve_references();
    schema
}

const DEFERRABLE: &str = "table: kids\ncolumns:\n  id: { type: bigint, primary_key: true }\n  \
    parent_id: { type: bigint, references: parents, on_delete: cascade, index: true, deferrable: initially_deferred }\n  \
    other_id: { type: bigint, index: true }\n  code: varchar(10)\n  rank: integer\n\
    uniques:\n  - { columns: [code], deferrable: true }\n  - { columns: [rank, parent_id], deferrable: initially_deferred }\n\
    foreign_keys:\n  - { columns: [other_id], references: parents, on_delete: restrict, deferrable: true }\n";

#[test]
fn deferrable_on_keys_and_on_the_column() {
    let schema = parse(DEFERRABLE);
    let kids = schema.table("kids").unwrap();
    let fk = |name: &str| kids.foreign_keys.iter().find(|f| f.name == name).unwrap().deferrable;
    assert_eq!(fk("kids_parent_id_fkey"), Some(Deferrable::InitiallyDeferred));
    assert_eq!(fk("kids_other_id_fkey"), Some(Deferrable::InitiallyImmediate));
    assert_eq!(kids.uniques[0].deferrable, Some(Deferrable::InitiallyImmediate));
    assert_eq!(kids.uniques[1].deferrable, Some(Deferrable::InitiallyDeferred));
    let found = check_schema(&schema, Dialect::Postgres);
    assert!(found.is_empty(), "{}", Diagnostics(found));
    // `false` is the same as saying nothing.
    let plain = parse("table: kids\ncolumns:\n  id: { type: bigint, primary_key: true }\nuniques:\n  - { columns: [id], deferrable: false }\n");
    assert_eq!(plain.table("kids").unwrap().uniques[0].deferrable, None);
}

#[test]
fn deferrable_mistakes_are_reported_at_them() {
    let (_, problems) = parse_str(
        "table: kids\ncolumns:\n  id: { type: bigint, primary_key: true }\n  a: { type: bigint, deferrable: true }\n  b: { type: bigint, references: kids, on_delete: cascade, deferrable: later }\nuniques:\n  - { columns: [id], deferrable: [yes] }\n",
        None,
    );
    insta::assert_snapshot!(Diagnostics(problems).to_string());
}

/// SQLite defers foreign keys but not unique constraints; MySQL and MariaDB neither.
#[test]
fn deferrable_where_the_database_has_it() {
    let schema = parse(DEFERRABLE);
    let refused = |dialect| -> Vec<String> {
        check_schema(&schema, dialect)
            .into_iter()
            .filter(|d| d.code == "unsupported-feature")
            .map(|d| d.message)
            .collect()
    };
    assert_eq!(
        refused(Dialect::Sqlite),
        [
            "unique constraint `kids_code_key` is deferrable, and sqlite checks unique constraints on every row",
            "unique constraint `kids_rank_parent_id_key` is deferrable, and sqlite checks unique constraints on every row",
        ]
    );
    let mysql = refused(Dialect::Mysql);
    assert_eq!(mysql.len(), 4, "{mysql:#?}");
    assert!(mysql.contains(
        &"foreign key `kids_parent_id_fkey` is deferrable, and mysql checks foreign keys on every row".to_string()
    ));
}

/// PostgreSQL refuses a foreign key to a deferrable unique constraint: it may hold duplicates
/// until commit.
#[test]
fn no_foreign_key_to_a_deferrable_unique() {
    let schema = parse(
        "table: codes\ncolumns:\n  id: { type: bigint, primary_key: true }\n  code: varchar(10)\nuniques:\n  - { columns: [code], deferrable: true }\n---\n\
         table: uses\ncolumns:\n  id: { type: bigint, primary_key: true }\n  code: { type: varchar(10), references: codes.code, on_delete: cascade, index: true }\n",
    );
    let found: Vec<String> = check_schema(&schema, Dialect::Postgres)
        .into_iter()
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("fk-target-not-unique:") && found[0].ends_with("(its unique constraint is deferrable)"),
        "{found:#?}"
    );
}

const NOT_VALID: &str = "table: kids\ncolumns:\n  id: { type: bigint, primary_key: true }\n  parent_id: { type: bigint, index: true }\n  qty: integer\n\
    checks:\n  - { name: kids_qty_check, expr: qty >= 0, not_valid: true }\n\
    foreign_keys:\n  - { columns: [parent_id], references: parents, on_delete: cascade, not_valid: true }\n";

#[test]
fn not_valid_checks_and_foreign_keys() {
    let schema = parse(NOT_VALID);
    let kids = schema.table("kids").unwrap();
    assert!(kids.checks[0].not_valid);
    assert!(kids.foreign_keys[0].not_valid);
    let found = check_schema(&schema, Dialect::Postgres);
    assert!(found.is_empty(), "{}", Diagnostics(found));
    for dialect in [Dialect::Sqlite, Dialect::Mysql] {
        let refused: Vec<String> = check_schema(&schema, dialect)
            .into_iter()
            .filter(|d| d.code == "unsupported-feature")
            .map(|d| d.message)
            .collect();
        assert_eq!(
            refused,
            [
                format!("check `kids_qty_check` is not_valid, and {dialect} has no NOT VALID constraints"),
                format!("foreign key `kids_parent_id_fkey` is not_valid, and {dialect} has no NOT VALID constraints"),
            ]
        );
    }
}

//! Index keys with options (order, nulls, operator class, expressions) as each database gets
//! them: created, changed (dropped and built again, concurrently on PostgreSQL) and renamed with
//! their column, with exact downs.

use super::render;
use crate::check::check_schema;
use crate::diagnostic::Diagnostics;
use crate::dialect::Dialect::{self, Postgres, Sqlite};
use crate::model::Schema;
use crate::plan::plan;
use crate::source::yaml::parse_str;

const BASE: &str = "table: users\ncolumns:\n  id: { type: bigint, primary_key: true }\n  email: varchar(200)\n  created_at: { type: timestamptz, nullable: true }\n";

fn schema(indexes: &str) -> Schema {
    let (tables, problems) = parse_str(&format!("{BASE}{indexes}"), None);
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    Schema {
        tables,
        ..Default::default()
    }
}

/// The migration from `old` to `new` on `dialect`, after the checks pass on both.
fn migration(old: &Schema, new: &Schema, dialect: Dialect) -> String {
    for schema in [old, new] {
        let found = check_schema(schema, dialect);
        assert!(found.is_empty(), "{dialect}:\n{}", Diagnostics(found));
    }
    let plan = plan(old, new, dialect).unwrap_or_else(|e| panic!("{dialect}: {}", Diagnostics(e)));
    render(&plan, dialect)
        .iter()
        .map(|sql| {
            format!(
                "==== {dialect} {} (run_in_transaction = {})\n{}\n---- down\n{}",
                sql.suffix.as_deref().unwrap_or("migration"),
                sql.run_in_transaction,
                sql.up,
                sql.down
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn on(dialects: &[Dialect], old: &Schema, new: &Schema) -> String {
    dialects
        .iter()
        .map(|&d| migration(old, new, d))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What every database builds: a descending column and, but on MySQL, an expression.
#[test]
fn descending_and_expression_keys() {
    let desc = schema("indexes:\n  - columns: [{ column: created_at, order: desc }, id]\n");
    insta::assert_snapshot!(on(&Dialect::ALL, &schema(""), &desc));
    let expression = schema("indexes:\n  - { columns: [{ expression: lower(email) }], unique: true }\n");
    insta::assert_snapshot!(on(&[Postgres, Sqlite], &schema(""), &expression));
}

/// PostgreSQL's own: nulls placement and operator classes, with an expression key.
#[test]
fn postgres_nulls_and_operator_classes() {
    let new = schema(
        "indexes:\n  - name: idx_users_recent\n    columns: [{ column: created_at, order: desc, nulls: last }]\n  - name: idx_users_email_prefix\n    columns: [{ column: email, opclass: varchar_pattern_ops }, { expression: lower(email), order: desc }]\n",
    );
    insta::assert_snapshot!(migration(&schema(""), &new, Postgres));
}

/// A key's order, nulls or operator class changed: the index is dropped and built again (on
/// PostgreSQL concurrently), and the down builds the old one back.
#[test]
fn changing_a_key_rebuilds_the_index() {
    let old = schema("indexes:\n  - name: idx_users_recent\n    columns: [created_at]\n");
    let new = schema("indexes:\n  - name: idx_users_recent\n    columns: [{ column: created_at, order: desc }]\n");
    insta::assert_snapshot!(on(&Dialect::ALL, &old, &new));
    let nulls = schema(
        "indexes:\n  - name: idx_users_recent\n    columns: [{ column: created_at, order: desc, nulls: last }]\n",
    );
    assert!(migration(&new, &nulls, Postgres).contains("DESC NULLS LAST"));
    let expression = |e: &str| {
        schema(&format!(
            "indexes:\n  - name: idx_users_email\n    columns: [{{ expression: '{e}' }}]\n"
        ))
    };
    let changed = migration(&expression("lower(email)"), &expression("upper(email)"), Postgres);
    assert!(
        changed.contains("(upper(email))") && changed.contains("(lower(email))"),
        "{changed}"
    );
    // Case and runs of blanks in an expression are no change (as for checks and predicates).
    let same = plan(&expression("lower(email)"), &expression("LOWER(\"email\")"), Postgres).unwrap();
    assert!(same.is_empty(), "{:?}", same.units);
}

/// Renaming a column renames it in the keys that read it, expressions included: nothing is
/// rebuilt.
#[test]
fn a_renamed_column_keeps_its_keys() {
    let old = schema("indexes:\n  - name: idx_users_email\n    columns: [{ expression: lower(email), order: desc }]\n");
    let (tables, problems) = parse_str(
        "table: users\ncolumns:\n  id: { type: bigint, primary_key: true }\n  mail: { type: varchar(200), renamed_from: email }\n  created_at: { type: timestamptz, nullable: true }\nindexes:\n  - name: idx_users_email\n    columns: [{ expression: lower(mail), order: desc }]\n",
        None,
    );
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    let sql = migration(
        &old,
        &Schema {
            tables,
            ..Default::default()
        },
        Postgres,
    );
    assert!(!sql.contains("INDEX"), "{sql}");
    assert!(sql.contains("RENAME COLUMN"), "{sql}");
}

/// `INCLUDE` columns, the other index methods and storage parameters (PostgreSQL); a changed
/// parameter rebuilds the index.
#[test]
fn postgres_include_methods_and_storage_parameters() {
    let new = schema(
        "indexes:\n  - name: idx_users_email_covering\n    columns: [email]\n    include: [created_at]\n    with: { fillfactor: 70 }\n  - name: idx_users_created_brin\n    method: brin\n    columns: [created_at]\n    with: { pages_per_range: 32 }\n  - name: idx_users_email_spgist\n    method: spgist\n    columns: [email]\n",
    );
    insta::assert_snapshot!(migration(&schema(""), &new, Postgres));
    let denser = schema(
        "indexes:\n  - name: idx_users_email_covering\n    columns: [email]\n    include: [created_at]\n    with: { fillfactor: 90 }\n  - name: idx_users_created_brin\n    method: brin\n    columns: [created_at]\n    with: { pages_per_range: 32 }\n  - name: idx_users_email_spgist\n    method: spgist\n    columns: [email]\n",
    );
    let changed = migration(&new, &denser, Postgres);
    assert!(
        changed.contains("WITH (fillfactor = 90)")
            && changed.contains("WITH (fillfactor = 70)")
            && !changed.contains("brin"),
        "{changed}"
    );
}

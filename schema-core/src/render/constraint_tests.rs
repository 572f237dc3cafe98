//! Constraint options as each database gets them: deferrable keys created, and their
//! deferrability changed (in place on PostgreSQL, by a rebuild on SQLite), with exact downs.

use super::render;
use crate::check::check_schema;
use crate::diagnostic::Diagnostics;
use crate::dialect::Dialect::{self, Postgres, Sqlite};
use crate::model::Schema;
use crate::plan::plan;
use crate::source::yaml::parse_str;

const PARENTS: &str = "table: parents\ncolumns:\n  id: { type: bigint, primary_key: true }\n---\n";

fn schema(text: &str) -> Schema {
    let (tables, problems) = parse_str(&format!("{PARENTS}{text}"), None);
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    let mut schema = Schema {
        tables,
        ..Default::default()
    };
    schema.resolve_references();
    schema
}

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

fn kids(fk: &str, unique: &str) -> Schema {
    schema(&format!(
        "table: kids\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\n  \
         parent_id: {{ type: bigint, references: parents, on_delete: cascade, index: true{fk} }}\n  code: varchar(10)\n\
         uniques:\n  - {{ columns: [code]{unique} }}\n"
    ))
}

#[test]
fn deferrable_keys_created() {
    let new = kids(", deferrable: initially_deferred", ", deferrable: true");
    insta::assert_snapshot!(migration(&schema(""), &new, Postgres));
    let new = kids(", deferrable: initially_deferred", "");
    insta::assert_snapshot!(migration(&schema(""), &new, Sqlite));
}

/// PostgreSQL alters a foreign key's deferrability in place; a unique constraint's is rebuilt
/// (its index built concurrently, then attached).
#[test]
fn deferrability_changed_on_postgres() {
    let old = kids("", "");
    let new = kids(", deferrable: initially_deferred", ", deferrable: initially_deferred");
    insta::assert_snapshot!(migration(&old, &new, Postgres));
}

#[test]
fn deferrability_changed_on_sqlite_rebuilds() {
    let old = kids("", "");
    let new = kids(", deferrable: initially_deferred", "");
    let sql = migration(&old, &new, Sqlite);
    assert!(sql.contains("rebuild table kids"), "{sql}");
    assert!(sql.contains("ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED"), "{sql}");
}

fn counted(not_valid: &str) -> Schema {
    schema(&format!(
        "table: kids\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\n  parent_id: {{ type: bigint, index: true }}\n  qty: integer\n\
         checks:\n  - {{ name: kids_qty_check, expr: qty >= 0{not_valid} }}\n\
         foreign_keys:\n  - {{ columns: [parent_id], references: parents, on_delete: cascade{not_valid} }}\n"
    ))
}

/// A table created with them: CREATE TABLE, then each added NOT VALID (PostgreSQL has no
/// NOT VALID inside CREATE TABLE). Added to an existing table: NOT VALID, and no validation
/// follows; made valid later: dropped and added again, then validated, with the exact down.
#[test]
fn not_valid_created_added_and_made_valid() {
    let base = schema("table: kids\ncolumns:\n  id: { type: bigint, primary_key: true }\n  parent_id: { type: bigint, index: true }\n  qty: integer\n");
    insta::assert_snapshot!(migration(&schema(""), &counted(", not_valid: true"), Postgres));
    let added = migration(&base, &counted(", not_valid: true"), Postgres);
    assert!(!added.contains("VALIDATE"), "{added}");
    assert_eq!(added.matches("NOT VALID;").count(), 2, "{added}");
    insta::assert_snapshot!(migration(&counted(", not_valid: true"), &counted(""), Postgres));
}

fn named_key(name: &str) -> Schema {
    schema(&format!(
        "table: kids\n{name}columns:\n  id: {{ type: bigint, primary_key: true }}\n  qty: integer\n"
    ))
}

/// A primary key named on purpose: created with its name, renamed in place on PostgreSQL (exact
/// down), by a rebuild on SQLite; MySQL names every key PRIMARY and refuses another name.
#[test]
fn primary_key_named_and_renamed() {
    let named = named_key("primary_key_name: kids_pk\n");
    assert_eq!(
        named.table("kids").unwrap().primary_key.as_ref().unwrap().name,
        "kids_pk"
    );
    let created = migration(&schema(""), &named, Postgres);
    assert!(
        created.contains("CONSTRAINT \"kids_pk\" PRIMARY KEY (\"id\")"),
        "{created}"
    );
    insta::assert_snapshot!(migration(&named_key(""), &named, Postgres));
    let sqlite = migration(&named_key(""), &named, Sqlite);
    assert!(
        sqlite.contains("rebuild table kids") && sqlite.contains("CONSTRAINT \"kids_pk\""),
        "{sqlite}"
    );
    let refused: Vec<String> = check_schema(&named, Dialect::Mysql)
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert_eq!(
        refused,
        ["the primary key of `kids` is named `kids_pk`, and mysql names every primary key PRIMARY"]
    );
    // A name without a key is an error of its own.
    let (_, problems) = parse_str("table: t\nprimary_key_name: t_pk\ncolumns:\n  a: integer\n", None);
    assert_eq!(problems.len(), 1, "{}", Diagnostics(problems));
    assert_eq!(problems[0].code, "primary-key-name-without-key");
}

//! Index keys in YAML: names, `{ column, order, nulls, opclass }` and `{ expression }` mappings,
//! every mistake reported at its key, and what each database refuses.

use crate::check::check_schema;
use crate::diagnostic::Diagnostics;
use crate::dialect::Dialect;
use crate::model::{IndexKey, NullsOrder, Schema};
use crate::source::yaml::parse_str;
use crate::sql::SqlExpr;

const USERS: &str = "table: users\ncolumns:\n  id: { type: bigint, primary_key: true }\n  email: varchar(200)\n  created_at: { type: timestamptz, nullable: true }\n";

#[test]
fn keys_are_names_or_mappings() {
    let (tables, problems) = parse_str(
        &format!(
            "{USERS}indexes:\n  - columns: [id, {{ column: created_at, order: desc, nulls: last }}, {{ column: email, opclass: text_pattern_ops }}]\n  - columns:\n      - expression: lower(email)\n        order: asc\n"
        ),
        None,
    );
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    let indexes = &tables[0].indexes;
    let mut recent = IndexKey::column("created_at");
    recent.descending = true;
    recent.nulls = Some(NullsOrder::Last);
    let mut pattern = IndexKey::column("email");
    pattern.opclass = Some("text_pattern_ops".into());
    assert_eq!(indexes[0].columns, [IndexKey::column("id"), recent, pattern]);
    assert_eq!(indexes[0].name, "idx_users_id_created_at_email");
    assert_eq!(
        indexes[1].columns,
        [IndexKey::expression(SqlExpr::parse("lower(email)").unwrap())]
    );
    // An expression key is named by its words.
    assert_eq!(indexes[1].name, "idx_users_lower_email");
}

#[test]
fn mistakes_in_keys_are_reported_at_them() {
    let (_, problems) = parse_str(
        &format!(
            "{USERS}indexes:\n  - columns:\n      - {{ column: email, expression: lower(email) }}\n      - {{ order: desc }}\n      - {{ column: created_at, order: down, nulls: middle }}\n      - {{ column: email, opclass: 'text ops' }}\n      - {{ expression: 'lower(email' }}\n      - {{ column: email, ordr: desc }}\n      - [email]\n"
        ),
        None,
    );
    insta::assert_snapshot!(Diagnostics(problems).to_string());
}

/// What each database cannot build is refused by the checks, with a code, at the index.
#[test]
fn each_database_refuses_what_it_cannot_build() {
    let (tables, problems) = parse_str(
        &format!(
            "{USERS}indexes:\n  - name: idx_users_all\n    columns: [{{ expression: lower(email) }}, {{ column: created_at, order: desc, nulls: first }}, {{ column: email, opclass: text_pattern_ops }}]\n  - name: idx_users_hash\n    method: hash\n    columns: [{{ column: email, order: desc }}]\n"
        ),
        None,
    );
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    let schema = Schema {
        tables,
        ..Default::default()
    };
    let mut out = String::new();
    for dialect in Dialect::ALL {
        let found: Vec<_> = check_schema(&schema, dialect)
            .into_iter()
            .filter(|d| d.code == "unsupported-feature")
            .collect();
        out.push_str(&format!("==== {dialect}\n{}\n", Diagnostics(found)));
    }
    insta::assert_snapshot!(out);
}

/// An expression key is read as one SQL expression by the target database, as checks are.
#[test]
fn expression_keys_are_one_expression() {
    let (tables, problems) = parse_str(
        &format!("{USERS}indexes:\n  - columns: [{{ expression: \"(SELECT max(id) FROM users)\" }}]\n"),
        None,
    );
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    let found = check_schema(
        &Schema {
            tables,
            ..Default::default()
        },
        Dialect::Postgres,
    );
    assert!(
        found
            .iter()
            .any(|d| d.code == "invalid-expression" && d.message.contains("key of index")),
        "{}",
        Diagnostics(found)
    );
}

/// `include` and `with` are PostgreSQL's; `include` only in btree, gist and spgist indexes.
#[test]
fn include_and_storage_parameters_are_postgres_only() {
    let (tables, problems) = parse_str(
        &format!(
            "{USERS}indexes:\n  - name: idx_users_covering\n    columns: [email]\n    include: [created_at, nope]\n    with: {{ fillfactor: 70 }}\n  - name: idx_users_brin\n    method: brin\n    columns: [created_at]\n    include: [email]\n"
        ),
        None,
    );
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    let schema = Schema {
        tables,
        ..Default::default()
    };
    let mut out = String::new();
    for dialect in Dialect::ALL {
        let found: Vec<_> = check_schema(&schema, dialect)
            .into_iter()
            .filter(|d| d.code == "unsupported-feature" || d.code == "unknown-column")
            .collect();
        out.push_str(&format!("==== {dialect}\n{}\n", Diagnostics(found)));
    }
    insta::assert_snapshot!(out);
    let (_, problems) = parse_str(
        &format!("{USERS}indexes:\n  - columns: [email]\n    with: {{ fillfactor: '70); DROP TABLE users' }}\n"),
        None,
    );
    assert!(
        problems
            .iter()
            .any(|d| d.message.contains("is not a storage parameter")),
        "{}",
        Diagnostics(problems)
    );
}

//! Comments of keys, constraints and indexes: read from YAML and the derive alike, written after
//! what creates them (PostgreSQL), a change alone planned as a comment step with an exact down,
//! and nothing at all on MySQL and SQLite.

use syn::parse_quote;

use super::render;
use crate::check::check_schema;
use crate::diagnostic::Diagnostics;
use crate::dialect::Dialect::{self, Mysql, Postgres, Sqlite};
use crate::model::Schema;
use crate::plan::plan;
use crate::source::yaml::parse_str;

fn schema(text: &str) -> Schema {
    let (tables, problems) = parse_str(text, None);
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    let mut schema = Schema {
        tables,
        ..Default::default()
    };
    schema.resolve_references();
    schema
}

fn sql(old: &Schema, new: &Schema, dialect: Dialect) -> String {
    for schema in [old, new] {
        let found = check_schema(schema, dialect);
        assert!(found.is_empty(), "{dialect}:\n{}", Diagnostics(found));
    }
    let plan = plan(old, new, dialect).unwrap_or_else(|e| panic!("{dialect}: {}", Diagnostics(e)));
    render(&plan, dialect)
        .iter()
        .map(|m| format!("{}\n---- down\n{}", m.up, m.down))
        .collect::<Vec<_>>()
        .join("\n====\n")
}

fn ledgers(pk: &str, check: &str, expr: &str, index: &str) -> Schema {
    schema(&format!(
        "table: ledgers\nprimary_key_comment: {pk}\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\n  \
         parent_id: {{ type: bigint, nullable: true }}\n  balance: integer\n\
         indexes:\n  - {{ name: idx_ledgers_parent, columns: [parent_id], comment: {index} }}\n\
         checks:\n  - {{ name: ledgers_balance_check, expr: '{expr}', comment: {check} }}\n\
         foreign_keys:\n  - {{ columns: [parent_id], references: ledgers(id), on_delete: cascade, comment: Rolls up }}\n\
         uniques:\n  - {{ columns: [balance, id], comment: Needed by a report }}\n"
    ))
}

#[test]
fn yaml_and_the_derive_read_the_same_comments() {
    let from_yaml = ledgers("One per book", "No deep overdraft", "balance > -1000", "Children first");
    let parsed = crate::source::rust::parse_struct(
        &parse_quote! {
            #[table(name = "ledgers", primary_key_comment = "One per book",
                    index(columns(parent_id), name = "idx_ledgers_parent", comment = "Children first"),
                    check(expr = "balance > -1000", name = "ledgers_balance_check", comment = "No deep overdraft"),
                    foreign_key(columns(parent_id), references = "ledgers(id)", on_delete = "cascade", comment = "Rolls up"),
                    unique(columns(balance, id), comment = "Needed by a report"))]
            struct Ledger {
                #[column(primary_key)]
                id: i64,
                parent_id: Option<i64>,
                balance: i32,
            }
        },
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(parsed.problems.is_empty(), "{}", Diagnostics(parsed.problems));
    let (yaml, derived) = (from_yaml.table("ledgers").unwrap(), &parsed.table);
    assert_eq!(yaml.primary_key, derived.primary_key);
    assert_eq!(
        yaml.primary_key.as_ref().unwrap().comment.as_deref(),
        Some("One per book")
    );
    assert_eq!(yaml.checks[0].comment, derived.checks[0].comment);
    assert_eq!(yaml.foreign_keys[0].comment.as_deref(), Some("Rolls up"));
    assert_eq!(yaml.foreign_keys[0].comment, derived.foreign_keys[0].comment);
    assert_eq!(yaml.uniques[0].comment, derived.uniques[0].comment);
    assert_eq!(yaml.indexes[0].comment.as_deref(), Some("Children first"));
    assert_eq!(yaml.indexes[0].comment, derived.indexes[0].comment);
}

#[test]
fn created_with_their_comments_on_postgres_only() {
    let new = ledgers("One per book", "No deep overdraft", "balance > -1000", "Children first");
    let pg = sql(&Schema::default(), &new, Postgres);
    for statement in [
        "COMMENT ON CONSTRAINT \"ledgers_pkey\" ON \"ledgers\" IS 'One per book';",
        "COMMENT ON CONSTRAINT \"ledgers_balance_id_key\" ON \"ledgers\" IS 'Needed by a report';",
        "COMMENT ON CONSTRAINT \"ledgers_balance_check\" ON \"ledgers\" IS 'No deep overdraft';",
        "COMMENT ON CONSTRAINT \"ledgers_parent_id_fkey\" ON \"ledgers\" IS 'Rolls up';",
        "COMMENT ON INDEX \"idx_ledgers_parent\" IS 'Children first';",
    ] {
        assert!(pg.contains(statement), "{statement} in:\n{pg}");
    }
    for dialect in [Mysql, Sqlite] {
        let other = sql(&Schema::default(), &new, dialect);
        assert!(!other.contains("COMMENT ON") && !other.contains("Rolls up"), "{other}");
    }
}

#[test]
fn a_changed_comment_alone_is_a_comment_step_with_its_down() {
    let old = ledgers("One per book", "No deep overdraft", "balance > -1000", "Children first");
    let new = ledgers(
        "One per book, for life",
        "No deep overdraft",
        "balance > -1000",
        "Children last",
    );
    let pg = sql(&old, &new, Postgres);
    let (up, down) = pg.split_once("---- down").unwrap();
    assert!(
        up.contains("COMMENT ON CONSTRAINT \"ledgers_pkey\" ON \"ledgers\" IS 'One per book, for life';"),
        "{pg}"
    );
    assert!(
        up.contains("COMMENT ON INDEX \"idx_ledgers_parent\" IS 'Children last';"),
        "{pg}"
    );
    assert!(
        down.contains("COMMENT ON CONSTRAINT \"ledgers_pkey\" ON \"ledgers\" IS 'One per book';"),
        "{pg}"
    );
    assert!(
        down.contains("COMMENT ON INDEX \"idx_ledgers_parent\" IS 'Children first';"),
        "{pg}"
    );
    assert!(!pg.contains("ledgers_balance_check"), "{pg}");
    for dialect in [Mysql, Sqlite] {
        assert_eq!(plan(&old, &new, dialect).unwrap().units.len(), 0, "{dialect}");
    }
}

/// A check whose expression changes is dropped and added again: the new one gets its comment
/// (the old one's went with it), and the down restores the old comment with the old check.
#[test]
fn a_constraint_created_again_carries_its_comment() {
    let old = ledgers("One per book", "No deep overdraft", "balance > -1000", "Children first");
    let new = ledgers(
        "One per book",
        "A shallower overdraft",
        "balance > -500",
        "Children first",
    );
    let pg = sql(&old, &new, Postgres);
    let (up, down) = pg.split_once("---- down").unwrap();
    assert!(
        up.contains("COMMENT ON CONSTRAINT \"ledgers_balance_check\" ON \"ledgers\" IS 'A shallower overdraft';"),
        "{pg}"
    );
    assert_eq!(up.matches("COMMENT ON").count(), 1, "{pg}");
    assert!(
        down.contains("COMMENT ON CONSTRAINT \"ledgers_balance_check\" ON \"ledgers\" IS 'No deep overdraft';"),
        "{pg}"
    );
}

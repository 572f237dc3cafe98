//! Index keys in the derive: `columns(...)` and `key(...)`, in the order written, and the
//! mistakes in `key(...)`.

use syn::parse_quote;

use super::parse_struct;
use crate::diagnostic::Diagnostics;
use crate::model::{IndexKey, NullsOrder};
use crate::sql::SqlExpr;

#[test]
fn keys_in_the_order_written() {
    let parsed = parse_struct(
        &parse_quote! {
            #[table(index(columns(id), key(column = "created_at", order = "desc", nulls = "last"),
                          key(expression = "lower(email)", opclass = "text_pattern_ops")))]
            struct User { id: i64, email: String, created_at: Option<i64> }
        },
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(parsed.problems.is_empty(), "{}", Diagnostics(parsed.problems));
    let mut recent = IndexKey::column("created_at");
    recent.descending = true;
    recent.nulls = Some(NullsOrder::Last);
    let mut lower = IndexKey::expression(SqlExpr::parse("lower(email)").unwrap());
    lower.opclass = Some("text_pattern_ops".into());
    let index = &parsed.table.indexes[0];
    assert_eq!(index.columns, [IndexKey::column("id"), recent, lower]);
    assert_eq!(index.name, "idx_users_id_created_at_lower_email");
}

#[test]
fn mistakes_in_keys() {
    let errors = parse_struct(
        &parse_quote! {
            #[table(index(key(column = "a", expression = "lower(a)")))]
            #[table(index(key(column = "a", order = "down")))]
            #[table(index(key(column = "a", nulls = "middle", opclass = "no way")))]
            #[table(index(key(column = "a", ordr = "desc")))]
            #[table(index(key(expression = "lower(a")))]
            struct User { a: String }
        },
        None,
    )
    .err()
    .expect("attribute errors");
    let messages: Vec<String> = errors.into_iter().map(|e| e.to_string()).collect();
    insta::assert_snapshot!(messages.join("\n\n"));
}

#[test]
fn include_and_storage_parameters() {
    let parsed = parse_struct(
        &parse_quote! {
            #[table(index(columns(sensor), include(value), with(fillfactor = 70, deduplicate_items = false)))]
            #[table(index(columns(taken_at), method = "brin", with(pages_per_range = 32)))]
            struct Reading { id: i64, sensor: String, taken_at: i64, value: f64 }
        },
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(parsed.problems.is_empty(), "{}", Diagnostics(parsed.problems));
    let [covering, brin] = &parsed.table.indexes[..] else {
        panic!("two indexes")
    };
    assert_eq!(covering.include, ["value"]);
    let with: Vec<(&str, &str)> = covering.with.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(with, [("deduplicate_items", "false"), ("fillfactor", "70")]);
    assert_eq!(brin.method, crate::model::IndexMethod::Brin);
    assert_eq!(brin.with.get("pages_per_range").map(String::as_str), Some("32"));
    let errors = parse_struct(
        &parse_quote! {
            #[table(index(columns(sensor), with(fillfactor = "70); DROP TABLE x")))]
            struct Reading { id: i64, sensor: String }
        },
        None,
    )
    .err()
    .expect("attribute errors");
    let message = errors.to_string();
    assert!(message.contains("is not a storage parameter"), "{message}");
}

//! Constraint options in the derive: the same model as the YAML, and the mistakes.

use syn::parse_quote;

use super::parse_struct;
use crate::diagnostic::Diagnostics;
use crate::model::Deferrable;

#[test]
fn deferrable_as_in_yaml() {
    let parsed = parse_struct(
        &parse_quote! {
            #[table(name = "kids", unique(columns(code), deferrable),
                    unique(columns(parent_id, rank), deferrable = "initially_deferred"),
                    foreign_key(columns(other_id), references = "parents", on_delete = "restrict", deferrable))]
            struct Kid {
                #[column(primary_key)]
                id: i64,
                #[column(references = "parents", on_delete = "cascade", index, deferrable = "initially_deferred")]
                parent_id: i64,
                other_id: i64,
                code: String,
                rank: i32,
            }
        },
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(parsed.problems.is_empty(), "{}", Diagnostics(parsed.problems));
    let table = &parsed.table;
    let fk = |name: &str| table.foreign_keys.iter().find(|f| f.name == name).unwrap().deferrable;
    assert_eq!(fk("kids_parent_id_fkey"), Some(Deferrable::InitiallyDeferred));
    assert_eq!(fk("kids_other_id_fkey"), Some(Deferrable::InitiallyImmediate));
    assert_eq!(table.uniques[0].deferrable, Some(Deferrable::InitiallyImmediate));
    assert_eq!(table.uniques[1].deferrable, Some(Deferrable::InitiallyDeferred));
}

#[test]
fn deferrable_mistakes() {
    let errors = parse_struct(
        &parse_quote! {
            #[table(unique(columns(id), deferrable = "later"))]
            #[table(foreign_key(columns(id), references = "t", on_delete = "cascade", deferrable(yes)))]
            struct Kid {
                #[column(primary_key, deferrable)]
                id: i64,
            }
        },
        None,
    );
    let message = match errors {
        Err(e) => e.into_iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"),
        Ok(parsed) => Diagnostics(parsed.problems).to_string(),
    };
    insta::assert_snapshot!(message);
}

#[test]
fn not_valid_as_in_yaml() {
    let parsed = parse_struct(
        &parse_quote! {
            #[table(name = "kids", check(expr = "qty >= 0", not_valid),
                    foreign_key(columns(parent_id), references = "parents", on_delete = "cascade", not_valid))]
            struct Kid {
                #[column(primary_key)]
                id: i64,
                #[column(index)]
                parent_id: i64,
                qty: i32,
            }
        },
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(parsed.problems.is_empty(), "{}", Diagnostics(parsed.problems));
    assert!(parsed.table.checks[0].not_valid);
    assert!(parsed.table.foreign_keys[0].not_valid);
    let error = parse_struct(
        &parse_quote! {
            #[table(check(expr = "qty >= 0", not_valid = true))]
            struct Kid { #[column(primary_key)] id: i64, qty: i32 }
        },
        None,
    )
    .err()
    .expect("`not_valid` is a flag");
    assert!(error.to_string().contains("`not_valid` is a flag"), "{error}");
}

#[test]
fn primary_key_name_as_in_yaml() {
    let parsed = parse_struct(
        &parse_quote! {
            #[table(name = "kids", primary_key_name = "kids_pk")]
            struct Kid { #[column(primary_key)] id: i64 }
        },
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(parsed.problems.is_empty(), "{}", Diagnostics(parsed.problems));
    assert_eq!(parsed.table.primary_key.unwrap().name, "kids_pk");
}

//! What `#[derive(Table)]` expands to, pretty-printed and pinned. Every struct names its dialect
//! (`#[table(dialect = "...")]`), so the expansion never depends on the environment.

use proc_macro2::TokenStream;
use quote::quote;

use super::expand;

/// The expansion as formatted Rust source.
fn expanded(input: TokenStream) -> String {
    let output = expand(input);
    let file =
        syn::parse_file(&output.to_string()).unwrap_or_else(|e| panic!("the expansion does not parse: {e}\n{output}"));
    prettyplease::unparse(&file)
}

#[test]
fn postgres_table() {
    insta::assert_snapshot!(expanded(quote! {
        /// Storage locations.
        #[derive(Debug, Table)]
        #[table(name = "storage_locations", comment = "Where things are kept", dialect = "postgres")]
        #[table(index(columns(tenant_id, code)))]
        pub struct StorageLocation {
            #[column(primary_key, default_sql = "gen_random_uuid()")]
            pub location_id: uuid::Uuid,
            pub tenant_id: uuid::Uuid,
            #[column(max_length = 20, comment = "Unique within the tenant")]
            pub code: String,
            #[column(sql_type = "numeric(12,3)")]
            pub capacity: Option<bigdecimal::BigDecimal>,
            pub attributes: serde_json::Value,
            pub photo: Option<Vec<u8>>,
            pub is_active: Option<bool>,
            pub created_at: chrono::DateTime<chrono::Utc>,
            #[column(skip)]
            pub cached: Vec<String>,
        }
    }));
}

#[test]
fn dialects_choose_some_diesel_types() {
    let for_dialect = |dialect: &str| {
        expanded(quote! {
            #[table(name = "events", dialect = #dialect)]
            struct Event {
                #[column(primary_key)]
                id: uuid::Uuid,
                at: chrono::DateTime<chrono::Utc>,
                payload: serde_json::Value,
                #[column(sql_type = "json")]
                raw: Option<serde_json::Value>,
            }
        })
    };
    insta::assert_snapshot!(
        "dialects",
        ["postgres", "sqlite", "mysql"]
            .map(|d| format!("// {d}\n{}", for_dialect(d)))
            .join("\n")
    );
}

#[test]
fn keywords_composite_keys_and_diesel_types() {
    insta::assert_snapshot!(expanded(quote! {
        #[table(name = "type", primary_key(id, r#type), dialect = "sqlite")]
        struct Kind {
            id: i32,
            r#type: i64,
            #[column(name = "self")]
            me: i32,
            #[column(comment = "Not a keyword, kept as is")]
            kind: String,
            #[column(diesel_type = "crate::schema::sql_types::Mood", native_type(postgres = "mood"))]
            mood: String,
        }
    }));
}

/// Every problem becomes a compile error at its span, all in one expansion; `table!` is still
/// emitted so code using it does not add a cascade of errors.
#[test]
fn problems_become_compile_errors_next_to_the_table() {
    insta::assert_snapshot!(expanded(quote! {
        #[table(name = "lots", dialect = "mysql", tenant = "tenant_id")]
        #[table(index(columns(nope)))]
        struct Lot {
            #[column(primary_key)]
            id: i64,
            tenant_id: i64,
            #[column(default = "x")]
            quantity: i32,
            #[column(references = "locations.id")]
            location_id: i64,
        }
    }));
}

#[test]
fn attribute_errors_stop_the_expansion() {
    let output = expanded(quote! {
        #[table(dialect = "postgres")]
        struct Lot {
            #[column(primary_ky)]
            id: i64,
            #[column(on_delete = restrict)]
            location_id: i64,
        }
    });
    // Only errors: a half-read struct would give a wrong `table!`.
    assert!(!output.contains("::diesel::table!"), "{output}");
    insta::assert_snapshot!(output);
}

#[test]
fn a_table_without_a_key_gets_no_table_macro() {
    let output = expanded(quote! {
        #[table(dialect = "postgres")]
        struct Note {
            body: String,
        }
    });
    assert!(!output.contains("::diesel::table!"), "{output}");
    insta::assert_snapshot!(output);
}

/// As with YAML, a dropped table leaves diesel's schema: code still using it stops compiling.
#[test]
fn a_dropped_table_gets_no_table_macro() {
    let output = expanded(quote! {
        #[table(dialect = "postgres", dropped)]
        struct Note {
            #[column(primary_key)]
            id: i64,
        }
    });
    assert!(output.trim().is_empty(), "{output}");
}

#[test]
fn malformed_input_is_a_compile_error_not_a_panic() {
    let output = expand(quote! { fn not_a_struct() {} });
    assert!(output.to_string().contains("compile_error"), "{output}");
    let output = expanded(quote! { enum Status { Open } });
    assert_eq!(
        output,
        "::core::compile_error! {\n    \"#[derive(Table)] works on structs: one named field per column\"\n}\n"
    );
}

/// The relations a derive owns, from the build script's map: the derived table first by name
/// emits those with the other derived table, and every derive those with YAML tables.
#[test]
fn relations_from_the_table_map() {
    use crate::diesel_schema::{Join, TableEntry, TableMap, TableSource};
    let entry = |name: &str, source, path: Option<&str>| TableEntry {
        name: name.into(),
        ident: name.into(),
        source,
        path: path.map(str::to_string),
        file: None,
    };
    let map = TableMap {
        tables: vec![
            entry("lots", TableSource::Yaml, Some("crate::schema::lots")),
            entry(
                "projects",
                TableSource::Derive,
                Some("crate::models::project::projects"),
            ),
            entry("tasks", TableSource::Derive, Some("crate::models::task::tasks")),
        ],
        joins: vec![
            Join {
                child: "tasks".into(),
                parent: "projects".into(),
                column: "project_id".into(),
            },
            Join {
                child: "tasks".into(),
                parent: "lots".into(),
                column: "lot_id".into(),
            },
        ],
    };
    let expand = |input: TokenStream| {
        let output = super::expand_with(input, Some(Ok(std::sync::Arc::new(map.clone()))));
        prettyplease::unparse(&syn::parse_file(&output.to_string()).unwrap())
    };
    let projects = expand(quote! {
        #[table(name = "projects", dialect = "sqlite")]
        struct Project {
            #[column(primary_key)]
            id: i32,
        }
    });
    let tasks = expand(quote! {
        #[table(name = "tasks", dialect = "sqlite")]
        struct Task {
            #[column(primary_key)]
            id: i32,
            #[column(references = "projects.id", on_delete = "cascade", index)]
            project_id: i32,
            #[column(references = "lots.id", on_delete = "cascade", index)]
            lot_id: i32,
        }
    });
    insta::assert_snapshot!(format!("// projects\n{projects}\n// tasks\n{tasks}"));
    // Each pair once in the crate.
    let both = format!("{projects}{tasks}");
    assert_eq!(both.matches("joinable!(tasks -> projects").count(), 1);
    assert_eq!(
        both.matches("allow_tables_to_appear_in_same_query!(projects, tasks)")
            .count(),
        1
    );

    // A map that cannot be read is one error at the struct, not a cascade.
    let output = super::expand_with(
        quote! {
            #[table(name = "notes", dialect = "sqlite")]
            struct Note { #[column(primary_key)] id: i32 }
        },
        Some(Err("cannot read the table map".into())),
    );
    assert!(output.to_string().contains("cannot read the table map"), "{output}");
}

/// A dropped column stays in `table!` under its name, reading the kept column, so diesel's
/// derives on the struct keep compiling; it must be an `Option` there.
#[test]
fn a_dropped_column_stays_readable_under_its_name() {
    let output = expanded(quote! {
        #[table(name = "notes", dialect = "sqlite")]
        struct Note {
            #[column(primary_key)]
            id: i32,
            #[column(dropped, comment = "Old free text")]
            body: Option<String>,
            #[column(purged)]
            legacy: Option<String>,
        }
    });
    insta::assert_snapshot!(output);

    let output = expanded(quote! {
        #[table(name = "notes", dialect = "sqlite")]
        struct Note {
            #[column(primary_key)]
            id: i32,
            #[column(dropped)]
            body: String,
            #[column(dropped)]
            due_on: chrono::NaiveDate,
        }
    });
    assert!(
        output.contains("`body` is dropped: its values are kept in `body__dropped`, which is nullable")
            && output.contains("make the field `Option<String>`")
            && output.contains("make the field `Option<chrono::NaiveDate>`"),
        "{output}"
    );
}

/// Relations come only from the struct the build script mapped: the same file, or a side that
/// cannot tell.
#[test]
fn a_struct_in_another_file_is_not_the_mapped_one() {
    use std::path::Path;
    let dir = crate::test_dir();
    let (a, b) = (dir.path().join("a.rs"), dir.path().join("b.rs"));
    std::fs::write(&a, "").unwrap();
    std::fs::write(&b, "").unwrap();
    assert!(super::same_file(Some(&a), Some(&a)));
    assert!(super::same_file(Some(&a), Some(&dir.path().join(".").join("a.rs"))));
    assert!(!super::same_file(Some(&a), Some(&b)));
    assert!(super::same_file(None, Some(&b)));
    assert!(super::same_file(Some(&a), None));
    assert!(!super::same_file(
        Some(Path::new("/nowhere/a.rs")),
        Some(Path::new("/nowhere/b.rs"))
    ));
}

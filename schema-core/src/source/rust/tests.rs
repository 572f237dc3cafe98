//! The `#[table(...)]` / `#[column(...)]` parser: every key, type inference, and every error with
//! the message the user sees (the derive turns these into compile errors at the same spans).

use std::path::PathBuf;
use std::sync::Arc;

use syn::{parse_quote, DeriveInput};

use super::{default_table_name, parse_struct, scan_file, ParsedTable};
use crate::diagnostic::Diagnostics;
use crate::dialect::Dialect;
use crate::model::{
    ColumnType, DefaultValue, EnumValues, External, FkAction, IndexMethod, Literal, Reference, Table, Tenant,
};

fn parsed(input: DeriveInput) -> ParsedTable {
    match parse_struct(&input, None) {
        Ok(parsed) => parsed,
        Err(errors) => panic!("unexpected errors: {}", messages(errors).join("\n")),
    }
}

/// A struct that must parse and lower without a single problem.
fn table(input: DeriveInput) -> Table {
    let parsed = parsed(input);
    assert!(parsed.problems.is_empty(), "{}", Diagnostics(parsed.problems));
    parsed.table
}

fn messages(errors: syn::Error) -> Vec<String> {
    errors.into_iter().map(|e| e.to_string()).collect()
}

/// The attribute errors of a struct, one per line.
fn errors(input: DeriveInput) -> Vec<String> {
    match parse_struct(&input, None) {
        Ok(_) => panic!("expected attribute errors"),
        Err(errors) => messages(errors),
    }
}

/// The single attribute error of a struct.
fn error(input: DeriveInput) -> String {
    let mut all = errors(input);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

fn names(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

// ---------------------------------------------------------------------------------------------
// Every key
// ---------------------------------------------------------------------------------------------

#[test]
fn table_name_defaults_like_diesel() {
    assert_eq!(default_table_name("StorageLocation"), "storage_locations");
    assert_eq!(default_table_name("Lot"), "lots");
    assert_eq!(default_table_name("HTTPRequest"), "http_requests");
    let t = table(parse_quote! {
        struct MaintenanceTask {
            #[column(primary_key)]
            id: i64,
        }
    });
    assert_eq!(t.name, "maintenance_tasks");
}

#[test]
fn every_table_key() {
    let parsed = parsed(parse_quote! {
        /// Doc comments are not the table comment.
        #[derive(Table)]
        #[table(name = "orders", comment = "Customer orders", tenant = "tenant_id", dialect = "postgres")]
        #[table(primary_key(tenant_id, order_id))]
        #[table(index(columns(tenant_id, status), name = "idx_orders_open", unique, method = "btree", predicate = "status <> 'CLOSED'"))]
        #[table(index(columns(code)))]
        #[table(unique(columns(tenant_id, code), name = "orders_code_per_tenant"), unique(columns(customer_id, code)))]
        #[table(check(expr = "total >= 0", name = "orders_total_check"), check(expr = "code <> ''"), check(expr = "status <> ''"))]
        #[table(foreign_key(columns(tenant_id, customer_id), references = "customers(tenant_id, customer_id)", on_delete = "cascade", on_update = "set null", name = "orders_customer_fkey"))]
        #[table(foreign_key(columns(customer_id), references = "customers", on_delete = "RESTRICT"))]
        pub struct Order {
            pub tenant_id: uuid::Uuid,
            pub order_id: i64,
            pub customer_id: i64,
            #[column(max_length = 20)]
            pub code: String,
            #[column(max_length = 10)]
            pub status: String,
            #[column(sql_type = "numeric(12,2)")]
            pub total: bigdecimal::BigDecimal,
        }
    });
    assert!(parsed.problems.is_empty(), "{}", Diagnostics(parsed.problems));
    assert_eq!(parsed.dialect, Some(Dialect::Postgres));
    let t = parsed.table;
    assert_eq!(t.name, "orders");
    assert_eq!(t.comment.as_deref(), Some("Customer orders"));
    assert_eq!(
        t.tenant,
        Some(Tenant {
            column: "tenant_id".into(),
            setting: "app.current_tenant_id".into(),
            policy: "orders_tenant_isolation".into(),
        })
    );
    let pk = t.primary_key.as_ref().unwrap();
    assert_eq!(
        (pk.name.as_str(), names(&pk.columns)),
        ("orders_pkey", vec!["tenant_id", "order_id"])
    );

    let open = &t.indexes[0];
    assert_eq!(
        (open.name.as_str(), names(&open.leading_columns())),
        ("idx_orders_open", vec!["tenant_id", "status"])
    );
    assert!(open.unique);
    assert_eq!(open.method, IndexMethod::Btree);
    assert_eq!(open.predicate.as_ref().map(|p| p.as_str()), Some("status <> 'CLOSED'"));
    assert_eq!(
        (t.indexes[1].name.as_str(), t.indexes[1].unique),
        ("idx_orders_code", false)
    );

    let uniques: Vec<(&str, Vec<&str>)> = t.uniques.iter().map(|u| (u.name.as_str(), names(&u.columns))).collect();
    assert_eq!(
        uniques,
        [
            ("orders_code_per_tenant", vec!["tenant_id", "code"]),
            ("orders_customer_id_code_key", vec!["customer_id", "code"])
        ]
    );
    let checks: Vec<(&str, &str)> = t.checks.iter().map(|c| (c.name.as_str(), c.expr.as_str())).collect();
    assert_eq!(
        checks,
        [
            ("orders_total_check", "total >= 0"),
            ("orders_check", "code <> ''"),
            ("orders_check1", "status <> ''")
        ]
    );

    let composite = &t.foreign_keys[0];
    assert_eq!(composite.name, "orders_customer_fkey");
    assert_eq!(names(&composite.columns), ["tenant_id", "customer_id"]);
    assert_eq!(
        composite.references,
        Reference {
            table: "customers".into(),
            columns: vec!["tenant_id".into(), "customer_id".into()]
        }
    );
    assert_eq!(
        (composite.on_delete, composite.on_update),
        (Some(FkAction::Cascade), Some(FkAction::SetNull))
    );
    let to_key = &t.foreign_keys[1];
    assert_eq!(
        (to_key.name.as_str(), to_key.references.columns.len()),
        ("orders_customer_id_fkey", 0)
    );
    assert_eq!((to_key.on_delete, to_key.on_update), (Some(FkAction::Restrict), None));
}

#[test]
fn tenant_and_external_long_forms() {
    let t = table(parse_quote! {
        #[table(tenant(column = "org_id", setting = "app.org", policy = "lots_by_org"))]
        struct Lot {
            #[column(primary_key)]
            id: i64,
            org_id: i64,
        }
    });
    assert_eq!(
        t.tenant,
        Some(Tenant {
            column: "org_id".into(),
            setting: "app.org".into(),
            policy: "lots_by_org".into()
        })
    );

    let flag = table(parse_quote! {
        #[table(external)]
        struct System {
            #[column(primary_key)]
            id: i64,
        }
    });
    assert_eq!(flag.external, Some(External { owner: None }));
    let owned = table(parse_quote! {
        #[table(external(owner = "main system team"))]
        struct System {
            #[column(primary_key)]
            id: i64,
        }
    });
    assert_eq!(
        owned.external,
        Some(External {
            owner: Some("main system team".into())
        })
    );
}

#[test]
fn every_column_key() {
    let parsed = parsed(parse_quote! {
        #[table(name = "lots", tenant = "tenant_id")]
        struct Lot {
            #[column(primary_key, default_sql = "gen_random_uuid()")]
            lot_id: uuid::Uuid,
            #[column(index)]
            tenant_id: uuid::Uuid,
            #[column(name = "code", max_length = 20, unique, unique_per_tenant, comment = "The lot's code")]
            #[column(check = "code <> ''", values("A", "B"), default = "A")]
            lot_code: String,
            #[column(references = "storage_locations.location_id", on_delete = "set_null", on_update = "cascade", index = "hash")]
            location_id: Option<uuid::Uuid>,
            #[column(native_type(postgres = "citext", mysql = "varchar(255)"), diesel_type = "diesel_citext::sql_types::Citext")]
            name: String,
            #[column(index = "gin", default = "{}")]
            attributes: serde_json::Value,
            #[column(skip)]
            cached: Vec<String>,
            #[column(default_sql = "now()", set_on_update)]
            updated_at: chrono::DateTime<chrono::Utc>,
        }
    });
    assert!(parsed.problems.is_empty(), "{}", Diagnostics(parsed.problems));
    let t = &parsed.table;
    let col = |name: &str| t.column(name).unwrap_or_else(|| panic!("no column {name}"));
    assert_eq!(
        t.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        [
            "lot_id",
            "tenant_id",
            "code",
            "location_id",
            "name",
            "attributes",
            "updated_at"
        ],
        "`skip` leaves the field out; `name` renames"
    );
    // One Rust type per column, skipped fields excluded.
    assert_eq!(parsed.field_types.len(), t.columns.len());

    assert_eq!(col("lot_id").default, Some(DefaultValue::RandomUuid));
    assert_eq!(names(&t.primary_key.as_ref().unwrap().columns), ["lot_id"]);

    let code = col("code");
    assert_eq!((code.ty, code.nullable), (ColumnType::Varchar(20), false));
    assert_eq!(code.comment.as_deref(), Some("The lot's code"));
    assert_eq!(code.default, Some(DefaultValue::Literal(Literal::String("A".into()))));
    assert_eq!(
        code.values,
        Some(EnumValues {
            values: vec!["A".into(), "B".into()],
            check_name: "lots_code_values_check".into(),
            removed: vec![],
        })
    );
    let checks: Vec<(&str, &str)> = t.checks.iter().map(|c| (c.name.as_str(), c.expr.as_str())).collect();
    assert_eq!(checks, [("lots_code_check", "code <> ''")]);
    let uniques: Vec<(&str, Vec<&str>)> = t.uniques.iter().map(|u| (u.name.as_str(), names(&u.columns))).collect();
    assert_eq!(
        uniques,
        [
            ("lots_code_key", vec!["code"]),
            ("lots_tenant_id_code_key", vec!["tenant_id", "code"])
        ]
    );

    let location = col("location_id");
    assert_eq!((location.ty, location.nullable), (ColumnType::Uuid, true));
    let fk = &t.foreign_keys[0];
    assert_eq!(
        (fk.name.as_str(), names(&fk.columns)),
        ("lots_location_id_fkey", vec!["location_id"])
    );
    assert_eq!(
        fk.references,
        Reference {
            table: "storage_locations".into(),
            columns: vec!["location_id".into()]
        }
    );
    assert_eq!(
        (fk.on_delete, fk.on_update),
        (Some(FkAction::SetNull), Some(FkAction::Cascade))
    );

    let name = col("name");
    assert_eq!(
        name.native_types
            .iter()
            .map(|(d, t)| (*d, t.as_str()))
            .collect::<Vec<_>>(),
        [(Dialect::Postgres, "citext"), (Dialect::Mysql, "varchar(255)")]
    );
    assert_eq!(name.diesel_type.as_deref(), Some("diesel_citext::sql_types::Citext"));

    assert_eq!(col("attributes").ty, ColumnType::Jsonb);
    assert_eq!(
        col("attributes").default,
        Some(DefaultValue::Literal(Literal::String("{}".into())))
    );
    let updated = col("updated_at");
    assert_eq!(
        (updated.ty, updated.set_on_update),
        (ColumnType::Timestamptz(None), true)
    );
    assert_eq!(updated.default, Some(DefaultValue::CurrentTimestamp));

    let indexes: Vec<(&str, IndexMethod)> = t.indexes.iter().map(|i| (i.name.as_str(), i.method)).collect();
    assert_eq!(
        indexes,
        [
            ("idx_lots_tenant_id", IndexMethod::Btree),
            ("idx_lots_location_id", IndexMethod::Hash),
            ("idx_lots_attributes", IndexMethod::Gin)
        ]
    );
}

/// `narrowing` allows a type change that may lose values, then purges the kept ones.
#[test]
fn narrowing_is_declared_per_column() {
    let t = table(parse_quote! {
        struct Lot {
            #[column(primary_key)]
            id: i64,
            #[column(narrowing = "allowed")]
            qty: i32,
            #[column(narrowing = "purged")]
            price: f32,
        }
    });
    let narrowing = |name: &str| t.column(name).unwrap().narrowing;
    assert_eq!(narrowing("id"), None);
    assert_eq!(narrowing("qty"), Some(crate::model::Narrowing::Allowed));
    assert_eq!(narrowing("price"), Some(crate::model::Narrowing::Purged));
}

#[test]
fn literal_defaults() {
    let t = table(parse_quote! {
        struct Item {
            #[column(primary_key)]
            id: i64,
            #[column(default = false)]
            flag: bool,
            #[column(default = 42)]
            count: i32,
            #[column(default = -7)]
            below: i32,
            #[column(sql_type = "numeric(5,2)", default = 0.00)]
            price: bigdecimal::BigDecimal,
            #[column(default = -0.50)]
            ratio: f64,
            #[column(default = 10_000i64)]
            big: i64,
            #[column(default = "it's")]
            label: String,
        }
    });
    let default = |name: &str| match &t.column(name).unwrap().default {
        Some(DefaultValue::Literal(l)) => l.clone(),
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(default("flag"), Literal::Bool(false));
    assert_eq!(default("count"), Literal::Number("42".into()));
    assert_eq!(default("below"), Literal::Number("-7".into()));
    assert_eq!(default("price"), Literal::Number("0".into()));
    assert_eq!(default("ratio"), Literal::Number("-0.5".into()));
    // Suffixes and digit separators are Rust syntax, not part of the value.
    assert_eq!(default("big"), Literal::Number("10000".into()));
    assert_eq!(default("label"), Literal::String("it's".into()));
}

#[test]
fn types_are_inferred_from_rust_types() {
    let t = table(parse_quote! {
        struct Everything {
            #[column(primary_key)]
            a_i16: i16,
            a_i32: i32,
            a_i64: i64,
            a_bool: bool,
            a_string: String,
            a_f32: f32,
            a_f64: f64,
            a_bytes: Vec<u8>,
            a_uuid: ::uuid::Uuid,
            a_date: chrono::NaiveDate,
            a_time_date: time::Date,
            a_time: chrono::NaiveTime,
            a_time_time: time::Time,
            a_naive: chrono::NaiveDateTime,
            a_primitive: time::PrimitiveDateTime,
            a_datetime: chrono::DateTime<chrono::Utc>,
            a_offset: time::OffsetDateTime,
            a_json: serde_json::Value,
            a_decimal: bigdecimal::BigDecimal,
            a_rust_decimal: rust_decimal::Decimal,
        }
    });
    let types: Vec<(&str, ColumnType)> = t.columns.iter().map(|c| (c.name.as_str(), c.ty)).collect();
    assert_eq!(
        types,
        [
            ("a_i16", ColumnType::SmallInt),
            ("a_i32", ColumnType::Integer),
            ("a_i64", ColumnType::BigInt),
            ("a_bool", ColumnType::Boolean),
            ("a_string", ColumnType::Text),
            ("a_f32", ColumnType::Real),
            ("a_f64", ColumnType::Double),
            ("a_bytes", ColumnType::Binary),
            ("a_uuid", ColumnType::Uuid),
            ("a_date", ColumnType::Date),
            ("a_time_date", ColumnType::Date),
            ("a_time", ColumnType::Time(None)),
            ("a_time_time", ColumnType::Time(None)),
            ("a_naive", ColumnType::Timestamp(None)),
            ("a_primitive", ColumnType::Timestamp(None)),
            ("a_datetime", ColumnType::Timestamptz(None)),
            ("a_offset", ColumnType::Timestamptz(None)),
            ("a_json", ColumnType::Jsonb),
            ("a_decimal", ColumnType::Numeric(None)),
            ("a_rust_decimal", ColumnType::Numeric(None)),
        ]
    );
    assert!(t.columns.iter().all(|c| !c.nullable));
}

#[test]
fn option_makes_the_column_nullable() {
    let t = table(parse_quote! {
        struct Note {
            #[column(primary_key)]
            id: i32,
            body: Option<String>,
            at: std::option::Option<chrono::NaiveDateTime>,
            #[column(max_length = 10)]
            code: Option<String>,
            #[column(sql_type = "numeric(12,3)")]
            weight: Option<bigdecimal::BigDecimal>,
            r#type: Option<i16>,
        }
    });
    let shape: Vec<(&str, ColumnType, bool)> = t.columns.iter().map(|c| (c.name.as_str(), c.ty, c.nullable)).collect();
    assert_eq!(
        shape,
        [
            ("id", ColumnType::Integer, false),
            ("body", ColumnType::Text, true),
            ("at", ColumnType::Timestamp(None), true),
            ("code", ColumnType::Varchar(10), true),
            ("weight", ColumnType::Numeric(Some((12, 3))), true),
            // Raw identifiers lose their `r#`.
            ("type", ColumnType::SmallInt, true),
        ]
    );
}

#[test]
fn sql_type_overrides_inference() {
    let t = table(parse_quote! {
        struct Counter {
            #[column(primary_key, sql_type = "bigserial")]
            id: i64,
            #[column(sql_type = "timestamptz")]
            at: chrono::NaiveDateTime,
            #[column(sql_type = "json")]
            raw: String,
            #[column(sql_type = "DOUBLE PRECISION")]
            d: MyFloat,
        }
    });
    let types: Vec<ColumnType> = t.columns.iter().map(|c| c.ty).collect();
    assert_eq!(
        types,
        [
            ColumnType::BigSerial,
            ColumnType::Timestamptz(None),
            ColumnType::Json,
            ColumnType::Double
        ]
    );
}

#[test]
fn precision_of_time_fields() {
    let t = table(parse_quote! {
        struct Event {
            #[column(primary_key)]
            id: i64,
            #[column(precision = 6)]
            created_at: chrono::NaiveDateTime,
            #[column(precision = 3)]
            seen_at: Option<chrono::DateTime<chrono::Utc>>,
            #[column(precision = 0)]
            opens: chrono::NaiveTime,
            #[column(precision = 2)]
            lasts: diesel::pg::data_types::PgInterval,
        }
    });
    let types: Vec<String> = t.columns.iter().map(|c| c.ty.to_string()).collect();
    assert_eq!(
        types,
        ["bigint", "timestamp(6)", "timestamptz(3)", "time(0)", "interval(2)"]
    );
    let all = errors(parse_quote! {
        struct Bad {
            #[column(primary_key, precision = 3)]
            id: i64,
            #[column(precision = 7)]
            a: chrono::NaiveDateTime,
            #[column(sql_type = "timestamp(3)", precision = 3)]
            b: chrono::NaiveDateTime,
        }
    });
    assert_eq!(all.len(), 3, "{all:#?}");
    assert!(all[0].starts_with("precision applies to time fields"), "{all:#?}");
    assert!(all[1].contains("from 0 to 6"), "{all:#?}");
    assert!(all[2].contains("not both"), "{all:#?}");
}

#[test]
fn origins_carry_spans_for_compile_errors() {
    let parsed = parsed(parse_quote! {
        #[table(index(columns(code)), unique(columns(code)), check(expr = "code <> ''"))]
        struct Lot {
            #[column(primary_key)]
            id: i32,
            code: String,
        }
    });
    let t = &parsed.table;
    let origins = [
        &t.origin,
        &t.columns[0].origin,
        &t.columns[1].origin,
        &t.indexes[0].origin,
        &t.uniques[0].origin,
        &t.checks[0].origin,
    ];
    let spans: Vec<usize> = origins
        .iter()
        .map(|o| o.span.expect("every element has a span"))
        .collect();
    let mut distinct = spans.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), spans.len(), "each element has its own span: {spans:?}");
    assert!(spans.iter().all(|&i| i < parsed.spans.len()));
}

// ---------------------------------------------------------------------------------------------
// Errors: message and correct form
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_keys_suggest_and_list() {
    insta::assert_snapshot!(errors(parse_quote! {
        #[table(nmae = "lots", tenant(colum = "tenant_id"))]
        #[table(index(colums(a)))]
        struct Lot {
            #[column(primary_ky)]
            id: i32,
            #[column(whatever = 1)]
            a: i32,
            #[column(diesel::sql_type = "x")]
            b: i32,
        }
    })
    .join("\n\n"));
}

#[test]
fn duplicate_keys() {
    assert_eq!(
        errors(parse_quote! {
            #[table(name = "a", name = "b")]
            #[table(comment = "x")]
            #[table(comment = "y")]
            struct Lot {
                #[column(primary_key, primary_key)]
                id: i32,
                #[column(max_length = 5)]
                #[column(max_length = 6)]
                code: String,
            }
        }),
        [
            "duplicate `name`; each key may appear once",
            "duplicate `comment`; each key may appear once",
            "duplicate `primary_key`; each key may appear once",
            "duplicate `max_length`; each key may appear once",
        ]
    );
    // Indexes, uniques, checks and foreign keys are lists: repeating them is how to add more.
    let t = table(parse_quote! {
        #[table(index(columns(a)), index(columns(b)))]
        #[table(unique(columns(a)), unique(columns(b)))]
        struct T {
            #[column(primary_key)]
            id: i32,
            a: i32,
            b: i32,
        }
    });
    assert_eq!((t.indexes.len(), t.uniques.len()), (2, 2));
}

#[test]
fn wrong_value_kinds_show_the_correct_form() {
    insta::assert_snapshot!(errors(parse_quote! {
        #[table(name = lots, comment = 5)]
        struct Lot {
            #[column(primary_key)]
            id: i32,
            #[column(on_delete = restrict)]
            a: i32,
            #[column(max_length = "50")]
            b: String,
            #[column(default = now())]
            c: i32,
            #[column(values(1, 2))]
            d: String,
            #[column(sql_type = varchar)]
            e: String,
            #[column(default_sql = now())]
            f: i32,
            #[column(native_type(postgres = citext))]
            g: String,
            #[column(references = lots.id)]
            h: i32,
        }
    })
    .join("\n\n"));
}

#[test]
fn flags_with_values_show_the_correct_form() {
    insta::assert_snapshot!(errors(parse_quote! {
        #[table(external = true)]
        #[table(index(columns(a), unique = true))]
        struct Lot {
            #[column(index(columns(id)))]
            c: i32,
            #[column(primary_key = true)]
            id: i32,
            #[column(unique = false)]
            a: i32,
            #[column(skip = true)]
            b: i32,
        }
    })
    .join("\n\n"));
}

#[test]
fn bad_list_forms() {
    insta::assert_snapshot!(errors(parse_quote! {
        #[table(primary_key("a", "b"))]
        #[table(index(name = "no_columns"))]
        #[table(unique(name = "no_columns"))]
        #[table(check(name = "no_expr"))]
        #[table(foreign_key(references = "x", on_delete = "cascade"))]
        #[table(tenant(setting = "app.x"))]
        struct Lot {
            a: i32,
        }
    })
    .join("\n\n"));
    assert_eq!(
        error(parse_quote! {
            #[table(primary_key())]
            struct Lot {
                a: i32,
            }
        }),
        "unexpected end of input, expected nested attribute; the correct form looks like `#[table(primary_key(tenant_id, order_id))]`"
    );
}

#[test]
fn bad_values_inside_strings() {
    insta::assert_snapshot!(errors(parse_quote! {
        #[table(dialect = "oracle")]
        #[table(index(columns(a), method = "brin", predicate = "a > 0; DROP TABLE x"))]
        #[table(check(expr = "(a > 0"))]
        #[table(foreign_key(columns(a), references = "t(x,", on_delete = "explode"))]
        struct Lot {
            #[column(primary_key, sql_type = "strnig")]
            id: String,
            #[column(sql_type = "varchar(0)")]
            a: String,
            #[column(index = "fulltext", check = "a = 'open", default_sql = "x /* y */")]
            b: String,
            #[column(references = "", on_update = "sometimes")]
            c: i32,
            #[column(native_type(oracle = "varchar2"))]
            d: String,
            #[column(default = 1e3)]
            e: f64,
            #[column(narrowing = "sometimes")]
            f: i32,
        }
    })
    .join("\n\n"));
}

#[test]
fn max_length_rules() {
    assert_eq!(
        errors(parse_quote! {
            struct Lot {
                #[column(primary_key)]
                id: i32,
                #[column(max_length = 10, sql_type = "text")]
                a: String,
                #[column(max_length = 0)]
                b: String,
                #[column(max_length = 70000)]
                c: String,
                #[column(max_length = 10)]
                d: i32,
            }
        }),
        [
            "give either `sql_type` or `max_length`, not both",
            "max_length must be from 1 to 65535",
            "max_length must be from 1 to 65535",
            "max_length applies to `String` fields; use `sql_type = \"...\"` for other types",
        ]
    );
}

#[test]
fn vectors_ranges_and_network_addresses_are_postgres_types() {
    let table = table(parse_quote! {
        #[table(name = "packages")]
        struct Package {
            #[column(primary_key)]
            id: i64,
            keywords: Vec<String>,
            #[column(max_length = 40)]
            labels: Vec<String>,
            scores: Option<Vec<Option<i32>>>,
            origin: ipnetwork::IpNetwork,
            during: (std::ops::Bound<i32>, std::ops::Bound<i32>),
            #[column(sql_type = "tsvector", diesel_type = "diesel_full_text_search::Tsvector")]
            search: String,
        }
    });
    let ty = |name: &str| table.column(name).unwrap().ty.to_string();
    assert_eq!(ty("keywords"), "text[]");
    assert_eq!(ty("labels"), "varchar(40)[]");
    assert_eq!(ty("scores"), "integer[]");
    assert!(table.column("scores").unwrap().nullable);
    assert_eq!(ty("origin"), "inet");
    assert_eq!(ty("during"), "int4range");
    assert_eq!(ty("search"), "tsvector");
}

#[test]
fn generated_columns_in_a_struct() {
    use crate::model::GeneratedKind;
    let table = table(parse_quote! {
        #[table(name = "lines")]
        struct Line {
            #[column(primary_key)]
            id: i32,
            price: f64,
            quantity: i32,
            #[column(generated = "price * quantity")]
            total: Option<f64>,
            #[column(generated = "quantity > 10", stored = false)]
            bulk: Option<bool>,
        }
    });
    let total = table.column("total").unwrap().generated.clone().unwrap();
    assert_eq!(total.expr.as_str(), "price * quantity");
    assert_eq!(total.kind, GeneratedKind::Stored);
    assert_eq!(
        table.column("bulk").unwrap().generated.as_ref().unwrap().kind,
        GeneratedKind::Virtual
    );
}

#[test]
fn auto_increment_and_sequences_in_a_struct() {
    use crate::model::{AutoIncrement, Sequence};
    let table = table(parse_quote! {
        #[table(name = "crates")]
        struct Krate {
            #[column(primary_key, sql_type = "serial", auto_increment = "sequence", sequence = "packages_id_seq")]
            id: i32,
            #[column(sql_type = "bigserial", auto_increment = "always", sequence(start = 1000, increment = -5, cache = 20, cycle))]
            number: i64,
        }
    });
    let id = table.column("id").unwrap();
    assert_eq!(id.auto_increment, AutoIncrement::Sequence);
    assert_eq!(id.sequence_name("crates"), "packages_id_seq");
    let number = table.column("number").unwrap();
    assert_eq!(number.auto_increment, AutoIncrement::Always);
    assert_eq!(
        number.sequence,
        Some(Sequence {
            start: Some(1000),
            increment: Some(-5),
            cache: Some(20),
            cycle: true,
            ..Sequence::default()
        })
    );
    assert_eq!(number.sequence_name("crates"), "crates_number_seq");
    let wrong = errors(parse_quote! {
        struct T {
            #[column(primary_key, sql_type = "serial", auto_increment = "auto", sequence(step = 2))]
            id: i32,
        }
    });
    assert!(wrong[0].starts_with("unknown auto_increment `auto`"), "{wrong:?}");
}

#[test]
fn types_that_cannot_be_inferred() {
    assert_eq!(
        errors(parse_quote! {
            struct Lot {
                #[column(primary_key)]
                id: i32,
                money: Money,
                list: Vec<Money>,
                pair: (i32, i32),
                maybe: Option<Money>,
                #[column(sql_type = "numeric(12,2)")]
                fine: Money,
            }
        }),
        vec!["cannot tell the SQL type of this field; add e.g. `#[column(sql_type = \"numeric(12,3)\")]`"; 4]
    );
}

#[test]
fn unsigned_integers_are_told_what_to_use_and_max_length_of_an_unknown_type_names_the_type() {
    assert_eq!(
        errors(parse_quote! {
            struct Counter {
                #[column(primary_key)]
                id: i32,
                hits: u64,
                small: Option<u8>,
                #[column(max_length = 10)]
                labels: HashMap<String, String>,
            }
        }),
        [
            "`u64` has no SQL type diesel reads on every database: use `i16`, `i32` or `i64`, or name the column's type with `#[column(sql_type = \"...\")]`",
            "`u8` has no SQL type diesel reads on every database: use `i16`, `i32` or `i64`, or name the column's type with `#[column(sql_type = \"...\")]`",
            "cannot tell the SQL type of this field; add e.g. `#[column(sql_type = \"numeric(12,3)\")]`",
        ]
    );
}

#[test]
fn only_structs_with_named_fields() {
    assert_eq!(
        error(parse_quote! {
            struct Pair(i32, String);
        }),
        "#[derive(Table)] needs a struct with named fields, one per column"
    );
    assert_eq!(
        error(parse_quote! {
            struct Unit;
        }),
        "#[derive(Table)] needs a struct with named fields, one per column"
    );
    assert_eq!(
        error(parse_quote! {
            enum Status { Open, Closed }
        }),
        "#[derive(Table)] works on structs: one named field per column"
    );
    assert_eq!(
        error(parse_quote! {
            union Bits { a: i32, b: f32 }
        }),
        "#[derive(Table)] works on structs: one named field per column"
    );
}

#[test]
fn every_error_of_a_struct_is_reported_together() {
    let all = errors(parse_quote! {
        #[table(nmae = "x")]
        struct Lot {
            #[column(primary_ky)]
            id: i32,
            #[column(on_delete = restrict)]
            a: i32,
            b: Money,
            #[column(sql_type = "strnig")]
            c: String,
        }
    });
    assert_eq!(all.len(), 5, "{all:#?}");
}

#[test]
fn contradictions_are_problems_not_syntax_errors() {
    let parsed = parsed(parse_quote! {
        #[table(primary_key(id, code))]
        struct Lot {
            #[column(primary_key)]
            id: i32,
            #[column(unique_per_tenant)]
            code: String,
            #[column(on_delete = "cascade")]
            location_id: i32,
        }
    });
    let codes: Vec<&str> = parsed.problems.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            "primary-key-declared-twice",
            "unique-per-tenant-without-tenant",
            "on-delete-without-reference"
        ]
    );
    // Each points at the key it is about: `primary_key(...)` on the struct, then the keys of the
    // two fields.
    let spans: Vec<Option<usize>> = parsed.problems.iter().map(|d| d.origin.span).collect();
    let table = &parsed.table;
    assert_eq!(
        spans,
        [
            table.origin.key("primary_key").span,
            table.columns[1].origin.key("unique_per_tenant").span,
            table.columns[2].origin.key("on_delete").span
        ]
    );
    for (span, field) in spans.iter().skip(1).zip(&table.columns[1..]) {
        assert_ne!(*span, field.origin.span, "a key, not the field's name");
    }
}

// ---------------------------------------------------------------------------------------------
// The build script's scan of a source file: the same parser, positions as file:line:column
// ---------------------------------------------------------------------------------------------

#[test]
fn scan_finds_derived_structs_at_any_depth() {
    let text = r#"
use tablewright::Table;

#[derive(Debug, Table)]
pub struct Lot {
    #[column(primary_key)]
    pub id: i64,
}

mod inner {
    #[derive(tablewright::Table)]
    #[table(name = "inner_things")]
    struct Thing {
        #[column(primary_key)]
        id: i64,
    }

    #[derive(Debug)]
    struct NotATable {
        id: i64,
    }
}
"#;
    let (tables, problems) = scan_file(text, Arc::new(PathBuf::from("src/models.rs")));
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    assert_eq!(
        tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["lots", "inner_things"]
    );
    let lot = &tables[0];
    assert_eq!(
        (lot.origin.to_string(), lot.columns[0].origin.to_string()),
        ("src/models.rs:5:12".into(), "src/models.rs:7:9".into())
    );
}

#[test]
fn scan_reports_attribute_errors_at_file_line_column() {
    let text = r#"#[derive(Table)]
struct Lot {
    #[column(primary_key)]
    id: i64,
    #[column(on_delete = restrict, nulable)]
    location_id: i64,
}
"#;
    let (tables, problems) = scan_file(text, Arc::new(PathBuf::from("src/models.rs")));
    // The table stays, marked, so references to it resolve without a cascade of "unknown table".
    assert_eq!(tables.len(), 1);
    assert!(tables[0].origin.read_with_errors);
    insta::assert_snapshot!(Diagnostics(problems).to_string());
}

#[test]
fn a_file_that_does_not_parse_is_an_error() {
    let (tables, problems) = scan_file("struct {", Arc::new(PathBuf::from("src/broken.rs")));
    assert!(tables.is_empty());
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].code, problems[0].is_error()), ("rust-syntax", true));
    assert!(
        problems[0].to_string().contains("--> src/broken.rs:1:8"),
        "{}",
        problems[0]
    );
}

#[test]
fn file_module_follows_rusts_file_layout() {
    use std::path::Path;
    let src = Path::new("/app/src");
    let module = |file: &str| super::file_module(src, &src.join(file));
    assert_eq!(module("main.rs").as_deref(), Some("crate"));
    assert_eq!(module("lib.rs").as_deref(), Some("crate"));
    assert_eq!(module("models/mod.rs").as_deref(), Some("crate::models"));
    assert_eq!(module("models/task.rs").as_deref(), Some("crate::models::task"));
    assert_eq!(module("models/type.rs").as_deref(), Some("crate::models::r#type"));
    assert_eq!(module("bin/tool.rs"), None);
    assert_eq!(module("models/not-an-ident.rs"), None);
    assert_eq!(super::file_module(src, Path::new("/app/tests/it.rs")), None);
}

#[test]
fn table_modules_name_inline_modules_and_skip_cfg() {
    let text = r#"
        #[derive(Table)]
        pub struct Task { #[column(primary_key)] id: i32 }
        pub mod archive {
            #[derive(tablewright::Table)]
            #[table(name = "old_tasks")]
            pub struct OldTask { #[column(primary_key)] id: i32 }
        }
        #[cfg(test)]
        mod tests {
            #[derive(Table)]
            struct Probe { #[column(primary_key)] id: i32 }
        }
        #[derive(Table)]
        #[cfg(feature = "extra")]
        struct Extra { #[column(primary_key)] id: i32 }
    "#;
    let found = super::table_modules(text, "crate::models::task");
    assert_eq!(
        found,
        [
            ("tasks".to_string(), Some("crate::models::task".to_string())),
            (
                "old_tasks".to_string(),
                Some("crate::models::task::archive".to_string())
            ),
            ("probes".to_string(), None),
            ("extras".to_string(), None),
        ]
    );
}

/// A source file nested too deep for syn is reported at the place, not a stack overflow.
#[test]
fn a_file_nested_too_deep_is_an_error() {
    let text = format!(
        "#[derive(Table)]\nstruct Deep {{\n    #[column(primary_key)]\n    id: i64,\n    f: a::B{}{},\n}}\n",
        "<a::B".repeat(200),
        ">".repeat(200)
    );
    let (tables, problems) = std::thread::spawn(move || {
        super::scan_file(&text, std::sync::Arc::new(std::path::PathBuf::from("src/deep.rs")))
    })
    .join()
    .expect("no stack overflow");
    assert!(tables.is_empty());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, "rust-syntax");
    assert_eq!(problems[0].origin.to_string(), "src/deep.rs:5:328");
    assert!(
        problems[0].message.contains("more than 64 levels deep"),
        "{}",
        problems[0]
    );
}

#[test]
fn type_name_names_a_declared_type() {
    let t = table(parse_quote! {
        #[table(name = "accounts")]
        struct Account {
            #[column(primary_key)]
            id: i32,
            #[column(type_name = "mood", diesel_type = "crate::sql_types::Mood")]
            mood: String,
            #[column(type_name = "mood[]", diesel_type = "::diesel::sql_types::Array<crate::sql_types::Mood>")]
            moods: Vec<String>,
        }
    });
    assert_eq!(t.column("mood").unwrap().ty, ColumnType::named("mood"));
    assert_eq!(t.column("moods").unwrap().ty.to_string(), "mood[]");
    let built_in = errors(parse_quote! {
        struct Account {
            #[column(type_name = "integer")]
            id: i32,
        }
    });
    assert_eq!(
        built_in,
        ["`integer` is a built-in type: write `sql_type = \"integer\"`"]
    );
    // `sql_type` stays for the built-in types: a misspelling is an error where it is written.
    let misspelt = errors(parse_quote! {
        struct Account {
            #[column(sql_type = "moood")]
            id: i32,
        }
    });
    assert!(misspelt[0].starts_with("unknown type `moood`"), "{misspelt:?}");
}

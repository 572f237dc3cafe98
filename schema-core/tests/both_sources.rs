//! The same table written as YAML and as a `#[derive(Table)]` struct is the same model. This is
//! what lets a team move a table from one source to the other without a migration, and what
//! makes the two formats one feature instead of two.
//!
//! `Table: PartialEq` ignores origins (where each element was written); everything else counts.

use std::path::PathBuf;
use std::sync::Arc;

use syn::{parse_quote, DeriveInput};
use tablewright_core::diagnostic::Diagnostics;
use tablewright_core::model::{ColumnType, DefaultValue, FkAction, IndexMethod, Literal, Table};
use tablewright_core::source::{rust, yaml};

fn from_yaml(text: &str) -> Table {
    let (mut tables, problems) = yaml::parse_str(text, Some(Arc::new(PathBuf::from("schemas/case.yaml"))));
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    assert_eq!(tables.len(), 1);
    tables.remove(0)
}

fn from_struct(input: DeriveInput) -> Table {
    let parsed = rust::parse_struct(&input, Some(Arc::new(PathBuf::from("src/case.rs")))).unwrap_or_else(|e| {
        panic!(
            "{}",
            e.into_iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
        )
    });
    assert!(parsed.problems.is_empty(), "{}", Diagnostics(parsed.problems));
    parsed.table
}

/// Both spellings give one model. The JSON (the migration snapshot format) is compared first
/// for a readable diff, then the models themselves.
fn same(yaml_text: &str, input: DeriveInput) -> Table {
    let from_yaml = from_yaml(yaml_text);
    let from_struct = from_struct(input);
    let json = |t: &Table| serde_json::to_string_pretty(t).unwrap();
    assert_eq!(json(&from_yaml), json(&from_struct));
    assert_eq!(from_yaml, from_struct);
    from_yaml
}

#[test]
fn storage_locations_from_the_repository() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas/storage_locations.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let table = same(
        &text,
        parse_quote! {
            #[derive(Table)]
            #[table(
                comment = "Hierarchical storage location tracking for warehouse management. Supports multi-level hierarchy (warehouse → zone → aisle → bin).",
                tenant = "tenant_id",
            )]
            #[table(check(name = "storage_locations_capacity_check", expr = "capacity_weight > 0 AND capacity_volume > 0"))]
            #[table(unique(name = "storage_locations_unique_code_per_tenant", columns(tenant_id, location_code)))]
            #[table(index(name = "idx_storage_locations_parent_id", columns(parent_location_id)))]
            #[table(index(name = "idx_storage_locations_tenant_type_zone", columns(tenant_id, location_type, zone)))]
            #[table(index(name = "idx_storage_locations_updated_at", columns(updated_at)))]
            pub struct StorageLocation {
                #[column(primary_key, default_sql = "gen_random_uuid()")]
                pub location_id: uuid::Uuid,
                pub tenant_id: uuid::Uuid,
                #[column(max_length = 20, comment = "Unique location identifier within tenant. Format: [ZONE]-[AISLE]-[BIN] (e.g., \"A-01-05\")")]
                pub location_code: String,
                #[column(max_length = 100)]
                pub location_name: String,
                #[column(max_length = 20, values("WAREHOUSE", "ZONE", "AISLE", "BIN"))]
                pub location_type: String,
                #[column(references = "storage_locations.location_id", on_delete = "restrict")]
                pub parent_location_id: Option<uuid::Uuid>,
                #[column(max_length = 10)]
                pub zone: Option<String>,
                #[column(max_length = 10)]
                pub aisle: Option<String>,
                #[column(sql_type = "numeric(12,3)", comment = "Maximum weight capacity in kilograms")]
                pub capacity_weight: Option<bigdecimal::BigDecimal>,
                #[column(sql_type = "numeric(12,3)")]
                pub capacity_volume: Option<bigdecimal::BigDecimal>,
                #[column(
                    sql_type = "numeric(5,2)",
                    default = 0.00,
                    check = "current_utilization BETWEEN 0 AND 100",
                    comment = "Current capacity utilization as percentage (0-100)"
                )]
                pub current_utilization: Option<bigdecimal::BigDecimal>,
                #[column(default = true)]
                pub is_active: Option<bool>,
                #[column(default = true)]
                pub is_pickable: Option<bool>,
                #[column(default = true)]
                pub is_receivable: Option<bool>,
                #[column(default_sql = "now()")]
                pub created_at: chrono::DateTime<chrono::Utc>,
                pub created_by: Option<uuid::Uuid>,
                #[column(default_sql = "now()", set_on_update)]
                pub updated_at: chrono::DateTime<chrono::Utc>,
                pub updated_by: Option<uuid::Uuid>,
            }
        },
    );
    // The comparison covered a table with every kind of element.
    assert_eq!(table.columns.len(), 18);
    assert_eq!(
        (
            table.uniques.len(),
            table.checks.len(),
            table.foreign_keys.len(),
            table.indexes.len()
        ),
        (1, 2, 1, 3)
    );
    assert!(table.tenant.is_some());
    assert_eq!(
        table.column("current_utilization").unwrap().default,
        // `0.00` in both: numbers are kept in canonical form.
        Some(DefaultValue::Literal(Literal::Number("0".into())))
    );
}

#[test]
fn every_portable_type() {
    let table = same(
        "
table: everything
columns:
  id: { type: bigserial, primary_key: true }
  a_serial: serial
  a_smallint: smallint
  a_integer: integer
  a_bigint: bigint
  a_boolean: boolean
  a_text: text
  a_varchar: varchar(50)
  a_numeric_ps: numeric(12,3)
  a_numeric: numeric
  a_real: real
  a_double: double
  a_date: date
  a_time: time
  a_timestamp: timestamp
  a_timestamptz: timestamptz
  a_uuid: uuid
  a_json: json
  a_jsonb: jsonb
  a_binary: binary
",
        parse_quote! {
            #[table(name = "everything")]
            struct Everything {
                #[column(primary_key, sql_type = "bigserial")]
                id: i64,
                #[column(sql_type = "serial")]
                a_serial: i32,
                a_smallint: i16,
                a_integer: i32,
                a_bigint: i64,
                a_boolean: bool,
                a_text: String,
                #[column(max_length = 50)]
                a_varchar: String,
                #[column(sql_type = "numeric(12,3)")]
                a_numeric_ps: bigdecimal::BigDecimal,
                a_numeric: bigdecimal::BigDecimal,
                a_real: f32,
                a_double: f64,
                a_date: chrono::NaiveDate,
                a_time: chrono::NaiveTime,
                a_timestamp: chrono::NaiveDateTime,
                a_timestamptz: chrono::DateTime<chrono::Utc>,
                a_uuid: uuid::Uuid,
                #[column(sql_type = "json")]
                a_json: serde_json::Value,
                a_jsonb: serde_json::Value,
                a_binary: Vec<u8>,
            }
        },
    );
    let types: Vec<ColumnType> = table.columns.iter().map(|c| c.ty).collect();
    assert_eq!(types.len(), 20);
    for ty in [
        ColumnType::Serial,
        ColumnType::Varchar(50),
        ColumnType::Numeric(None),
        ColumnType::Json,
        ColumnType::Binary,
    ] {
        assert!(types.contains(&ty), "{ty}");
    }
}

#[test]
fn nullability_and_defaults() {
    let table = same(
        r#"
table: settings
columns:
  id: { type: uuid, primary_key: true, default_sql: gen_random_uuid() }
  note: { type: text, nullable: true }
  flag: { type: boolean, default: false }
  count: { type: integer, nullable: true, default: -3 }
  price: { type: 'numeric(8,2)', default: 9.50 }
  ratio: { type: double, default: 0.25 }
  label: { type: varchar(20), default: "it's \"quoted\"" }
  day: { type: date, default_sql: CURRENT_DATE }
  at: { type: timestamp, default_sql: CURRENT_TIMESTAMP }
  made: { type: timestamptz, nullable: true, default_sql: now() }
  code: { type: text, default_sql: "lower('ABC')" }
"#,
        parse_quote! {
            #[table(name = "settings")]
            struct Setting {
                #[column(primary_key, default_sql = "gen_random_uuid()")]
                id: uuid::Uuid,
                note: Option<String>,
                #[column(default = false)]
                flag: bool,
                #[column(default = -3)]
                count: Option<i32>,
                #[column(sql_type = "numeric(8,2)", default = 9.50)]
                price: bigdecimal::BigDecimal,
                #[column(default = 0.25)]
                ratio: f64,
                #[column(max_length = 20, default = "it's \"quoted\"")]
                label: String,
                #[column(default_sql = "CURRENT_DATE")]
                day: chrono::NaiveDate,
                #[column(default_sql = "CURRENT_TIMESTAMP")]
                at: chrono::NaiveDateTime,
                #[column(default_sql = "now()")]
                made: Option<chrono::DateTime<chrono::Utc>>,
                #[column(default_sql = "lower('ABC')")]
                code: String,
            }
        },
    );
    let nullable: Vec<&str> = table
        .columns
        .iter()
        .filter(|c| c.nullable)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(nullable, ["note", "count", "made"]);
    assert_eq!(
        table.column("price").unwrap().default,
        Some(DefaultValue::Literal(Literal::Number("9.5".into())))
    );
}

#[test]
fn composite_keys_constraints_and_indexes() {
    let table = same(
        r#"
table: order_lines
comment: One line of an order
tenant: { column: tenant_id, setting: app.tenant, policy: order_lines_isolation }
primary_key: [tenant_id, order_id, line_no]
columns:
  tenant_id: { type: uuid }
  order_id: bigint
  line_no: integer
  sku: { type: varchar(40), unique_per_tenant: true, comment: Stock keeping unit }
  serial_no: { type: varchar(40), nullable: true, unique: true }
  quantity: { type: integer, check: quantity > 0 }
  status: { type: varchar(10), values: [OPEN, SHIPPED], default: OPEN, index: true }
  attributes: { type: jsonb, index: gin }
  product_id: { type: bigint, references: products, on_delete: cascade, on_update: cascade, index: true }
uniques:
  - columns: [order_id, line_no]
  - name: order_lines_sku_serial
    columns: [sku, serial_no]
checks:
  - expr: line_no > 0
  - name: order_lines_sane
    expr: quantity < 1000000
foreign_keys:
  - columns: [tenant_id, order_id]
    references: orders(tenant_id, order_id)
    on_delete: restrict
    on_update: no action
indexes:
  - columns: [tenant_id, order_id]
  - name: idx_order_lines_open
    columns: [tenant_id, status]
    predicate: status = 'OPEN'
  - columns: [sku]
    unique: true
    method: hash
"#,
        parse_quote! {
            #[table(name = "order_lines", comment = "One line of an order")]
            #[table(tenant(column = "tenant_id", setting = "app.tenant", policy = "order_lines_isolation"))]
            #[table(primary_key(tenant_id, order_id, line_no))]
            #[table(unique(columns(order_id, line_no)), unique(name = "order_lines_sku_serial", columns(sku, serial_no)))]
            #[table(check(expr = "line_no > 0"), check(name = "order_lines_sane", expr = "quantity < 1000000"))]
            #[table(foreign_key(columns(tenant_id, order_id), references = "orders(tenant_id, order_id)", on_delete = "restrict", on_update = "no_action"))]
            #[table(index(columns(tenant_id, order_id)))]
            #[table(index(name = "idx_order_lines_open", columns(tenant_id, status), predicate = "status = 'OPEN'"))]
            #[table(index(columns(sku), unique, method = "hash"))]
            struct OrderLine {
                tenant_id: uuid::Uuid,
                order_id: i64,
                line_no: i32,
                #[column(max_length = 40, unique_per_tenant, comment = "Stock keeping unit")]
                sku: String,
                #[column(max_length = 40, unique)]
                serial_no: Option<String>,
                #[column(check = "quantity > 0")]
                quantity: i32,
                #[column(max_length = 10, values("OPEN", "SHIPPED"), default = "OPEN", index)]
                status: String,
                #[column(index = "gin")]
                attributes: serde_json::Value,
                #[column(references = "products", on_delete = "cascade", on_update = "cascade", index)]
                product_id: i64,
            }
        },
    );
    assert_eq!(table.primary_key.as_ref().unwrap().columns.len(), 3);
    assert_eq!(
        table.uniques.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(),
        [
            "order_lines_tenant_id_sku_key",
            "order_lines_serial_no_key",
            "order_lines_order_id_line_no_key",
            "order_lines_sku_serial"
        ]
    );
    assert_eq!(
        table
            .foreign_keys
            .iter()
            .map(|f| (f.name.as_str(), f.on_delete, f.on_update))
            .collect::<Vec<_>>(),
        [
            (
                "order_lines_product_id_fkey",
                Some(FkAction::Cascade),
                Some(FkAction::Cascade)
            ),
            (
                "order_lines_tenant_id_order_id_fkey",
                Some(FkAction::Restrict),
                Some(FkAction::NoAction)
            ),
        ]
    );
    assert_eq!(
        table
            .indexes
            .iter()
            .map(|i| (i.name.as_str(), i.method, i.unique, i.predicate.is_some()))
            .collect::<Vec<_>>(),
        [
            ("idx_order_lines_status", IndexMethod::Btree, false, false),
            ("idx_order_lines_attributes", IndexMethod::Gin, false, false),
            ("idx_order_lines_product_id", IndexMethod::Btree, false, false),
            ("idx_order_lines_tenant_id_order_id", IndexMethod::Btree, false, false),
            ("idx_order_lines_open", IndexMethod::Btree, false, true),
            ("idx_order_lines_sku", IndexMethod::Hash, true, false),
        ]
    );
}

#[test]
fn native_and_diesel_types_and_update_timestamps() {
    let table = same(
        "
table: people
columns:
  id: { type: serial, primary_key: true }
  email:
    type: text
    native_type: { postgres: citext, mysql: 'varchar(255)' }
    diesel_type: diesel_citext::sql_types::Citext
    unique: true
  mood:
    type: varchar(10)
    native_type: { postgres: mood }
    diesel_type: crate::schema::sql_types::Mood
    values: [happy, sad]
  updated_at: { type: timestamp, default_sql: now(), set_on_update: true, comment: Kept current by the database }
",
        parse_quote! {
            #[table(name = "people")]
            struct Person {
                #[column(primary_key, sql_type = "serial")]
                id: i32,
                #[column(native_type(postgres = "citext", mysql = "varchar(255)"), diesel_type = "diesel_citext::sql_types::Citext", unique)]
                email: String,
                #[column(max_length = 10, native_type(postgres = "mood"), diesel_type = "crate::schema::sql_types::Mood", values("happy", "sad"))]
                mood: String,
                #[column(default_sql = "now()", set_on_update, comment = "Kept current by the database")]
                updated_at: chrono::NaiveDateTime,
            }
        },
    );
    assert_eq!(table.column("email").unwrap().native_types.len(), 2);
    assert!(table.column("updated_at").unwrap().set_on_update);
}

#[test]
fn external_tables() {
    same(
        "
table: systems
external: { owner: main system team }
columns:
  asset_uid: { type: varchar(64), primary_key: true }
  description: { type: text, nullable: true }
",
        parse_quote! {
            #[table(external(owner = "main system team"))]
            struct System {
                #[column(primary_key, max_length = 64)]
                asset_uid: String,
                description: Option<String>,
            }
        },
    );
    let table = same(
        "
table: documents
external: true
columns:
  doc_id: { type: uuid, primary_key: true }
",
        parse_quote! {
            #[table(external)]
            struct Document {
                #[column(primary_key)]
                doc_id: uuid::Uuid,
            }
        },
    );
    assert!(table.is_external());
}

#[test]
fn renamed_columns_and_tables() {
    same(
        "
table: weird_names
columns:
  type: { type: bigint, primary_key: true }
  display name: text
",
        parse_quote! {
            #[table(name = "weird_names")]
            struct Weird {
                #[column(primary_key)]
                r#type: i64,
                #[column(name = "display name")]
                display_name: String,
            }
        },
    );
}

/// The comparison is not vacuous: every difference a migration would have to make is one.
#[test]
fn a_difference_in_any_element_is_a_difference() {
    let base = "
table: notes
columns:
  id: { type: bigint, primary_key: true }
  body: { type: text, nullable: true }
";
    let derived = from_struct(parse_quote! {
        struct Note {
            #[column(primary_key)]
            id: i64,
            body: Option<String>,
        }
    });
    assert_eq!(from_yaml(base), derived);
    for changed in [
        base.replace("nullable: true", "nullable: false"),
        base.replace("type: text", "type: varchar(10)"),
        base.replace("nullable: true", "nullable: true, default: x"),
        base.replace("nullable: true", "nullable: true, comment: x"),
        base.replace("nullable: true", "nullable: true, index: true"),
        base.replace("nullable: true", "nullable: true, unique: true"),
        base.replace("nullable: true", "nullable: true, check: body <> ''"),
        base.replace("table: notes", "table: notes\ncomment: x"),
        base.replace("table: notes", "table: notes\nexternal: true"),
        base.replace("  body:", "  extra: text\n  body:"),
    ] {
        assert_ne!(from_yaml(&changed), derived, "{changed}");
    }
    // Where an element was written is not part of the model.
    let elsewhere = format!("# moved down\n\n{base}");
    assert_ne!(from_yaml(&elsewhere).origin.line, derived.origin.line);
    assert_eq!(from_yaml(&elsewhere), derived);
}

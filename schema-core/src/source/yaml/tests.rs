//! The YAML format: every key, the `name: type` shorthand, several tables per file, and every
//! kind of mistake reported at its file:line:column (snapshots of the rendered diagnostics).

use std::path::PathBuf;
use std::sync::Arc;

use super::parse_str;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::dialect::Dialect;
use crate::model::{
    ColumnType, DefaultValue, EnumValues, External, FkAction, IndexMethod, Literal, Reference, Table, Tenant,
};

const FILE: &str = "schemas/test.yaml";

fn file() -> Option<Arc<PathBuf>> {
    Some(Arc::new(PathBuf::from(FILE)))
}

/// Removes the leading newline and the common indentation, so tests can indent their YAML.
fn dedent(text: &str) -> String {
    let text = text.strip_prefix('\n').unwrap_or(text);
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn parse(text: &str) -> (Vec<Table>, Vec<Diagnostic>) {
    parse_str(&dedent(text), file())
}

/// The tables of a text that must parse without a single diagnostic.
fn tables(text: &str) -> Vec<Table> {
    let (tables, problems) = parse(text);
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    tables
}

fn table(text: &str) -> Table {
    let mut all = tables(text);
    assert_eq!(all.len(), 1);
    all.remove(0)
}

/// Every diagnostic of a text, rendered as a user sees them.
fn report(text: &str) -> String {
    let (_, problems) = parse(text);
    assert!(!problems.is_empty(), "expected diagnostics for:\n{}", dedent(text));
    Diagnostics(problems).to_string()
}

fn names(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

// ---------------------------------------------------------------------------------------------
// Every key of the format
// ---------------------------------------------------------------------------------------------

#[test]
fn every_table_key() {
    let t = table(
        r#"
        table: orders
        comment: Customer orders
        tenant: tenant_id
        primary_key: [tenant_id, order_id]
        columns:
          tenant_id: uuid
          order_id: bigint
          customer_id: bigint
          code: varchar(20)
          status: varchar(10)
          total: numeric(12,2)
        indexes:
          - name: idx_orders_open
            columns: [tenant_id, status]
            unique: true
            method: btree
            predicate: status <> 'CLOSED'
          - columns: [code]
        uniques:
          - name: orders_code_per_tenant
            columns: [tenant_id, code]
          - columns: [customer_id, code]
        checks:
          - name: orders_total_check
            expr: total >= 0
          - expr: code <> ''
          - expr: status <> ''
        foreign_keys:
          - name: orders_customer_fkey
            columns: [tenant_id, customer_id]
            references: customers(tenant_id, customer_id)
            on_delete: cascade
            on_update: set null
          - columns: [customer_id]
            references: customers
            on_delete: RESTRICT
        "#,
    );
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
    assert_eq!(t.external, None);
    let pk = t.primary_key.as_ref().unwrap();
    assert_eq!(
        (pk.name.as_str(), names(&pk.columns)),
        ("orders_pkey", vec!["tenant_id", "order_id"])
    );

    assert_eq!(t.indexes.len(), 2);
    let open = &t.indexes[0];
    assert_eq!(open.name, "idx_orders_open");
    assert_eq!(names(&open.leading_columns()), ["tenant_id", "status"]);
    assert!(open.unique);
    assert_eq!(open.method, IndexMethod::Btree);
    assert_eq!(open.predicate.as_ref().map(|p| p.as_str()), Some("status <> 'CLOSED'"));
    let unnamed = &t.indexes[1];
    assert_eq!(
        (unnamed.name.as_str(), unnamed.unique, unnamed.predicate.is_none()),
        ("idx_orders_code", false, true)
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

    assert_eq!(t.foreign_keys.len(), 2);
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
    assert_eq!(to_key.name, "orders_customer_id_fkey");
    // Resolved to the target's primary key later, when the whole schema is known.
    assert_eq!(
        to_key.references,
        Reference {
            table: "customers".into(),
            columns: vec![]
        }
    );
    assert_eq!((to_key.on_delete, to_key.on_update), (Some(FkAction::Restrict), None));
}

#[test]
fn every_column_key() {
    let t = table(
        r#"
        table: lots
        tenant: tenant_id
        columns:
          lot_id: { type: uuid, primary_key: true, default_sql: gen_random_uuid() }
          tenant_id: { type: uuid, index: true }
          code:
            type: varchar(20)
            nullable: false
            unique: true
            unique_per_tenant: true
            comment: The lot's code
            check: code <> ''
            values: [A, B]
            default: A
          location_id:
            type: uuid
            nullable: true
            references: storage_locations.location_id
            on_delete: set_null
            on_update: cascade
            index: hash
          name:
            type: text
            native_type: { postgres: citext, mysql: 'varchar(255)' }
            diesel_type: diesel_citext::sql_types::Citext
          attributes: { type: jsonb, index: gin, default: '{}' }
          plain: { type: integer, index: false }
          updated_at: { type: timestamptz, default_sql: now(), set_on_update: true }
        "#,
    );
    let col = |name: &str| t.column(name).unwrap_or_else(|| panic!("no column {name}"));

    let lot_id = col("lot_id");
    assert_eq!(
        (lot_id.ty, lot_id.nullable, lot_id.default.clone()),
        (ColumnType::Uuid, false, Some(DefaultValue::RandomUuid))
    );
    assert_eq!(names(&t.primary_key.as_ref().unwrap().columns), ["lot_id"]);

    let code = col("code");
    assert_eq!((code.ty, code.nullable), (ColumnType::Varchar(20), false));
    assert_eq!(code.comment.as_deref(), Some("The lot's code"));
    assert_eq!(code.default, Some(DefaultValue::Literal(Literal::String("A".into()))));
    // With its own check too, the enum check gets the `_values_check` name.
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
    assert!(location.nullable);
    let fk = &t.foreign_keys[0];
    assert_eq!(t.foreign_keys.len(), 1);
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
    assert_eq!(name.ty, ColumnType::Text);
    assert_eq!(
        name.native_types
            .iter()
            .map(|(d, t)| (*d, t.as_str()))
            .collect::<Vec<_>>(),
        [(Dialect::Postgres, "citext"), (Dialect::Mysql, "varchar(255)")]
    );
    assert_eq!(name.diesel_type.as_deref(), Some("diesel_citext::sql_types::Citext"));

    let attributes = col("attributes");
    assert_eq!(
        attributes.default,
        Some(DefaultValue::Literal(Literal::String("{}".into())))
    );

    let updated = col("updated_at");
    assert!(updated.set_on_update);
    assert_eq!(updated.default, Some(DefaultValue::CurrentTimestamp));
    assert_eq!(t.set_on_update_column().map(|c| c.name.as_str()), Some("updated_at"));
    assert!(!col("code").set_on_update);

    // `index: true` is a B-tree, a method name picks the method, `index: false` is no index.
    let indexes: Vec<(&str, Vec<String>, IndexMethod)> = t
        .indexes
        .iter()
        .map(|i| (i.name.as_str(), i.leading_columns(), i.method))
        .collect();
    assert_eq!(
        indexes,
        [
            ("idx_lots_tenant_id", vec!["tenant_id".to_string()], IndexMethod::Btree),
            (
                "idx_lots_location_id",
                vec!["location_id".to_string()],
                IndexMethod::Hash
            ),
            ("idx_lots_attributes", vec!["attributes".to_string()], IndexMethod::Gin),
        ]
    );
}

#[test]
fn enum_check_takes_the_column_check_name_when_the_column_has_no_check() {
    let t = table(
        "
        table: lots
        columns:
          id: { type: bigint, primary_key: true }
          status: { type: varchar(10), values: [OPEN, CLOSED] }
        ",
    );
    assert_eq!(
        t.column("status").unwrap().values.as_ref().unwrap().check_name,
        "lots_status_check"
    );
    assert!(t.checks.is_empty());
}

#[test]
fn shorthand_is_the_long_form() {
    let short = table(
        "
        table: notes
        columns:
          id: bigserial
          title: varchar(200)
          body: text
          price: 'numeric(12,3)'
          at: timestamp with time zone
        primary_key: [id]
        ",
    );
    let long = table(
        "
        table: notes
        columns:
          id: { type: bigserial }
          title: { type: varchar(200), nullable: false }
          body:
            type: text
          price: { type: 'numeric(12,3)' }
          at: { type: timestamptz }
        primary_key: [id]
        ",
    );
    assert_eq!(short, long);
    let types: Vec<ColumnType> = short.columns.iter().map(|c| c.ty).collect();
    assert_eq!(
        types,
        [
            ColumnType::BigSerial,
            ColumnType::Varchar(200),
            ColumnType::Text,
            ColumnType::Numeric(Some((12, 3))),
            ColumnType::Timestamptz(None)
        ]
    );
    // Columns keep their order, and the shorthand never makes a column nullable.
    assert_eq!(
        short.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["id", "title", "body", "price", "at"]
    );
    assert!(short.columns.iter().all(|c| !c.nullable));
}

#[test]
fn tenant_and_external_long_forms() {
    let tenant = table(
        "
        table: lots
        tenant: { column: org_id, setting: app.org, policy: lots_by_org }
        columns:
          id: { type: bigint, primary_key: true }
          org_id: bigint
        ",
    );
    assert_eq!(
        tenant.tenant,
        Some(Tenant {
            column: "org_id".into(),
            setting: "app.org".into(),
            policy: "lots_by_org".into()
        })
    );

    let flag = table("table: a\nexternal: true\ncolumns:\n  id: { type: bigint, primary_key: true }\n");
    assert_eq!(flag.external, Some(External { owner: None }));
    let off = table("table: a\nexternal: false\ncolumns:\n  id: { type: bigint, primary_key: true }\n");
    assert_eq!(off.external, None);
    let owned =
        table("table: a\nexternal: { owner: main system team }\ncolumns:\n  id: { type: bigint, primary_key: true }\n");
    assert_eq!(
        owned.external,
        Some(External {
            owner: Some("main system team".into())
        })
    );
    assert!(owned.is_external());
}

#[test]
fn literal_defaults() {
    let t = table(
        r#"
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          flag: { type: boolean, default: false }
          count: { type: integer, default: 42 }
          below: { type: integer, default: -7 }
          price: { type: 'numeric(5,2)', default: 0.00 }
          ratio: { type: double, default: -0.50 }
          big: { type: numeric, default: 12345678901234567890.5 }
          label: { type: text, default: "it's" }
          quoted_number: { type: text, default: '5' }
          quoted_bool: { type: text, default: 'true' }
        "#,
    );
    let default = |name: &str| match &t.column(name).unwrap().default {
        Some(DefaultValue::Literal(l)) => l.clone(),
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(default("flag"), Literal::Bool(false));
    assert_eq!(default("count"), Literal::Number("42".into()));
    assert_eq!(default("below"), Literal::Number("-7".into()));
    // Numbers keep the digits they were written with (a float would round `big` to
    // `12345678901234567000`), in canonical form: `0.00` is `0`, `-0.50` is `-0.5`.
    assert_eq!(default("price"), Literal::Number("0".into()));
    assert_eq!(default("ratio"), Literal::Number("-0.5".into()));
    assert_eq!(default("big"), Literal::Number("12345678901234567890.5".into()));
    assert_eq!(default("label"), Literal::String("it's".into()));
    // Quoted, a number or a boolean is text.
    assert_eq!(default("quoted_number"), Literal::String("5".into()));
    assert_eq!(default("quoted_bool"), Literal::String("true".into()));
}

#[test]
fn sql_defaults() {
    let t = table(
        "
        table: t
        columns:
          id: { type: uuid, primary_key: true, default_sql: UUID() }
          at: { type: timestamptz, default_sql: CURRENT_TIMESTAMP }
          day: { type: date, default_sql: CURRENT_DATE }
        ",
    );
    assert_eq!(t.column("id").unwrap().default, Some(DefaultValue::RandomUuid));
    assert_eq!(t.column("at").unwrap().default, Some(DefaultValue::CurrentTimestamp));
    match &t.column("day").unwrap().default {
        Some(DefaultValue::Sql(expr)) => assert_eq!(expr.as_str(), "CURRENT_DATE"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn several_tables_per_file() {
    let all = tables(
        "
        # leading comment
        table: first
        columns:
          id: { type: bigint, primary_key: true }
        ---
        table: second
        columns:
          id: { type: bigint, primary_key: true }
          first_id: { type: bigint, references: first, on_delete: cascade, index: true }
        ---
        table: third
        external: true
        columns:
          id: { type: bigint, primary_key: true }
        ",
    );
    assert_eq!(
        all.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["first", "second", "third"]
    );
    // Each table points at its own `table:` line, and each column at its own line.
    let at = |t: &Table| (t.origin.line, t.origin.column);
    assert_eq!(all.iter().map(at).collect::<Vec<_>>(), [(2, 1), (6, 1), (11, 1)]);
    let first_id = all[1].column("first_id").unwrap();
    assert_eq!((first_id.origin.line, first_id.origin.column), (9, 3));
    assert_eq!(first_id.origin.file.as_deref(), Some(&PathBuf::from(FILE)));
    // A leading `---` is the explicit start of the first document, not an empty one.
    assert_eq!(
        tables("---\ntable: a\ncolumns:\n  id: { type: bigint, primary_key: true }\n").len(),
        1
    );
}

#[test]
fn origins_point_at_each_element() {
    let t = table(
        "
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          code: varchar(10)
        indexes:
          - columns: [code]
        uniques:
          - columns: [code]
        checks:
          - expr: code <> ''
        foreign_keys:
          - columns: [id]
            references: other
            on_delete: cascade
        ",
    );
    let at = |o: &crate::model::Origin| (o.line, o.column);
    assert_eq!(at(&t.origin), (1, 1));
    assert_eq!(at(&t.columns[1].origin), (4, 3));
    assert_eq!(at(&t.indexes[0].origin), (6, 5));
    assert_eq!(at(&t.uniques[0].origin), (8, 5));
    assert_eq!(at(&t.checks[0].origin), (10, 5));
    assert_eq!(at(&t.foreign_keys[0].origin), (12, 5));
}

// ---------------------------------------------------------------------------------------------
// Mistakes, each at its file:line:column
// ---------------------------------------------------------------------------------------------

#[test]
fn syntax_error_bad_indentation() {
    insta::assert_snapshot!(report(
        "
        table: lots
        columns:
          id: integer
           code: text
        "
    ));
}

#[test]
fn syntax_error_unterminated_quote() {
    insta::assert_snapshot!(report(
        "
        table: lots
        columns:
          id: 'integer
        "
    ));
}

#[test]
fn syntax_error_unclosed_flow_mapping() {
    insta::assert_snapshot!(report(
        "
        table: lots
        columns:
          id: { type: integer
          code: text
        "
    ));
}

#[test]
fn unknown_table_key_lists_the_keys() {
    insta::assert_snapshot!(report(
        "
        table: lots
        colums:
          id: integer
        "
    ));
}

#[test]
fn unknown_column_key_lists_the_keys() {
    insta::assert_snapshot!(report(
        "
        table: lots
        columns:
          id: { type: bigint, primary_key: true }
          code:
            type: text
            nulable: true
        "
    ));
}

#[test]
fn unknown_key_in_an_index_lists_the_keys() {
    insta::assert_snapshot!(report(
        "
        table: lots
        columns:
          id: { type: bigint, primary_key: true }
        indexes:
          - columns: [id]
            uniq: true
        "
    ));
}

#[test]
fn comma_inside_a_flow_mapping_explains_quoting() {
    insta::assert_snapshot!(report(
        "
        table: lots
        columns:
          id: { type: bigint, primary_key: true }
          price: { type: numeric(12,3), nullable: true }
        "
    ));
}

#[test]
fn missing_columns() {
    insta::assert_snapshot!(report("table: lots\ncomment: no columns key\n"));
}

#[test]
fn empty_columns() {
    insta::assert_snapshot!(report("table: lots\ncolumns: {}\n"));
}

#[test]
fn bad_types_suggest_the_closest() {
    insta::assert_snapshot!(report(
        "
        table: lots
        columns:
          id: { type: bigint, primary_key: true }
          code: strnig
          name:
            type: varchr(20)
          data: blobby_thing
          label: varchar(0)
          price: numeric(3,5)
        "
    ));
}

#[test]
fn bad_expressions() {
    insta::assert_snapshot!(report(
        "
        table: lots
        columns:
          id: { type: bigint, primary_key: true }
          quantity:
            type: integer
            check: quantity > 0); DROP TABLE lots; --
          code: { type: text, default_sql: 'lower(x' }
        indexes:
          - columns: [quantity]
            predicate: \"quantity > 0 -- always\"
        checks:
          - expr: \"code = 'open\"
        "
    ));
}

#[test]
fn bad_fk_actions() {
    insta::assert_snapshot!(report(
        "
        table: lots
        columns:
          id: { type: bigint, primary_key: true }
          location_id:
            type: bigint
            references: locations.id
            on_delete: destroy
            on_update: nothing
        foreign_keys:
          - columns: [id]
            references: other(id)
            on_delete: cascade please
        "
    ));
}

#[test]
fn bad_index_method_reference_and_dialect() {
    insta::assert_snapshot!(report(
        "
        table: lots
        columns:
          id: { type: bigint, primary_key: true }
          a: { type: text, index: brin }
          b: { type: bigint, references: 'other(x,' , on_delete: cascade }
          c: { type: text, native_type: { oracle: varchar2 } }
        indexes:
          - columns: [a]
            method: fulltext
        foreign_keys:
          - columns: [b]
            references: .b
            on_delete: cascade
        "
    ));
}

#[test]
fn non_decimal_number_default() {
    insta::assert_snapshot!(report(
        "
        table: lots
        columns:
          id: { type: bigint, primary_key: true }
          ratio: { type: double, default: .inf }
          scaled: { type: double, default: 1e3 }
        "
    ));
}

#[test]
fn default_and_default_sql_together() {
    insta::assert_snapshot!(report(
        "
        table: lots
        columns:
          id: { type: bigint, primary_key: true }
          at:
            type: timestamptz
            default: '2024-01-01 00:00:00'
            default_sql: now()
        "
    ));
}

#[test]
fn duplicate_column_names() {
    insta::assert_snapshot!(report(
        "
        table: lots
        columns:
          id: { type: bigint, primary_key: true }
          code: text
          name: text
          code:
            type: varchar(10)
        "
    ));
}

#[test]
fn contradictions_between_column_and_table() {
    insta::assert_snapshot!(report(
        "
        table: lots
        primary_key: [id, code]
        columns:
          id: { type: bigint, primary_key: true }
          code: { type: text, unique_per_tenant: true }
          location_id: { type: bigint, on_delete: cascade }
        "
    ));
}

#[test]
fn several_errors_in_one_file_are_all_reported() {
    let text = "
        table: lots
        columns:
          id: { type: bigint, primary_key: true }
          code: strnig
          quantity: { type: integer, check: 'quantity >' }
          location_id: { type: bigint, references: locations, on_delete: destroy }
        indexes:
          - columns: [code]
            method: fulltext
        ---
        table: second
        columns:
          id: { type: bigint, primary_key: true, nulable: true }
        ---
        table: third
        columns:
          id: { type: intger, primary_key: true }
        ";
    let (tables, problems) = parse(text);
    // Every table is read, the one with an unknown key too.
    assert_eq!(
        tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["lots", "second", "third"]
    );
    assert_eq!(problems.len(), 5, "{}", Diagnostics(problems));
    insta::assert_snapshot!(report(text));
}

#[test]
fn a_syntax_error_still_reports_the_tables_before_it() {
    let text = "
        table: lots
        columns:
          id: { type: bigint, primary_key: true }
          code: strnig
        ---
        table: second
        columns:
          id: { type: bigint
        ---
        table: third
        columns:
          id: intger
        ";
    let (tables, _) = parse(text);
    assert_eq!(tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["lots"]);
    insta::assert_snapshot!(report(text));
}

#[test]
fn a_file_without_a_path_says_input() {
    let (_, problems) = parse_str("table: a\ncolumns:\n  id: strnig\n", None);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, "unknown-type");
    assert_eq!(problems[0].origin.to_string(), "<input>:3:3");
}

// ---------------------------------------------------------------------------------------------
// Every mistake of a document at once, each with its own code
// ---------------------------------------------------------------------------------------------

#[test]
fn every_shape_error_of_a_document_is_reported_at_once() {
    let text = "
        table: lots
        comment: [not, text]
        colums:
          id: { type: bigint, primary_key: true }
          code: { type: text, nullable: yes, uniqe: true }
          code: text
          note:
          flags: { type: text, values: OPEN }
        indexes:
          - { name: idx_lots_code }
          - columns: [code]
            columns: [id]
        checks: { expr: id > 0 }
        ";
    let (tables, problems) = parse(text);
    assert_eq!(tables.len(), 1, "the table is still read");
    let codes: Vec<&str> = problems.iter().map(|p| p.code).collect();
    assert_eq!(
        codes,
        [
            "invalid-value",
            "unknown-key",
            "invalid-value",
            "unknown-key",
            "duplicate-column",
            "missing-key",
            "invalid-value",
            "missing-key",
            "duplicate-key",
            "invalid-value",
        ]
    );
    insta::assert_snapshot!(report(text));
}

#[test]
fn a_key_at_the_wrong_level_says_where_it_belongs() {
    insta::assert_snapshot!(report(
        "
        table: lots
        references: other.id
        columns:
          id: { type: bigint, primary_key: true, uniques: [id] }
        "
    ));
}

/// `on_delte` is reported once, as an unknown key, not also as a foreign key without ON DELETE
/// or an unindexed one: the misspelt keys are read as the keys they mean.
#[test]
fn a_misspelt_key_is_read_as_the_key_it_means() {
    let (tables, problems) = parse(
        "
        table: lots
        colums:
          id: { type: bigint, primary_key: true }
          parent_id: { type: bigint, nullable: true, references: lots.id, on_delte: cascade, idnex: true }
        ",
    );
    let codes: Vec<&str> = problems.iter().map(|p| p.code).collect();
    assert_eq!(codes, ["unknown-key", "unknown-key", "unknown-key"]);
    let mut schema = crate::model::Schema {
        tables,
        ..Default::default()
    };
    schema.resolve_references();
    let rules = crate::check::check_schema(&schema, Dialect::Postgres);
    assert!(rules.is_empty(), "{}", Diagnostics(rules));
    let fk = &schema.tables[0].foreign_keys[0];
    assert_eq!(fk.on_delete, Some(FkAction::Cascade));
}

#[test]
fn values_of_the_wrong_kind() {
    insta::assert_snapshot!(report(
        "
        table: lots
        tenant: [tenant_id]
        external: maybe
        primary_key: id
        columns:
          id: [bigint]
          tenant_id: { type: uuid, default: {}, index: [a], narrowing: sometimes }
          data: { type: text, native_type: postgres }
        foreign_keys: lots.id
        "
    ));
}

#[test]
fn missing_keys_show_an_example() {
    insta::assert_snapshot!(report(
        "
        columns:
          id: bigint
        ---
        table: lots
        tenant: { setting: app.tenant }
        columns:
          id: { nullable: true }
        uniques:
          - name: lots_id_key
        checks:
          - name: lots_check
        foreign_keys:
          - columns: [id]
        "
    ));
}

/// The keys the reader knows are the keys of the JSON Schema editors validate with.
#[cfg(feature = "json-schema")]
#[test]
fn the_reader_knows_the_keys_of_the_json_schema() {
    use super::function_doc::{ARGUMENT, FUNCTION};
    use super::shape::{CHECK, COLUMN, EXTERNAL, FOREIGN_KEY, INDEX, TABLE, TENANT, UNIQUE};
    use super::trigger_doc::{REFERENCING, TRIGGER};
    use super::types_doc::{DOMAIN, ENUM, EXTENSION};
    let schema: serde_json::Value = serde_json::from_str(&super::json_schema()).unwrap();
    let keys = |properties: &serde_json::Value| {
        let mut keys: Vec<String> = properties.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    let sorted = |list: &[&str]| {
        let mut list: Vec<String> = list.iter().map(|k| k.to_string()).collect();
        list.sort();
        list
    };
    for (definition, shape) in [
        ("TableDoc", &TABLE),
        ("ExtensionDoc", &EXTENSION),
        ("EnumDoc", &ENUM),
        ("DomainDoc", &DOMAIN),
        ("FunctionDoc", &FUNCTION),
        ("ArgumentFull", &ARGUMENT),
        ("TriggerDoc", &TRIGGER),
        ("ReferencingDoc", &REFERENCING),
        ("ColumnFull", &COLUMN),
        ("IndexDoc", &INDEX),
        ("UniqueDoc", &UNIQUE),
        ("CheckDoc", &CHECK),
        ("ForeignKeyDoc", &FOREIGN_KEY),
        ("TenantFull", &TENANT),
        ("ExternalFull", &EXTERNAL),
    ] {
        assert_eq!(
            keys(&schema["$defs"][definition]["properties"]),
            sorted(shape.keys),
            "{definition}"
        );
    }
}

#[test]
fn postgres_types_and_arrays() {
    let t = table(
        r#"
        table: packages
        columns:
          id: { type: bigserial, primary_key: true }
          keywords: varchar(40)[]
          tags: { type: 'text[]', default: '{}' }
          name: varchar
          search: { type: tsvector, diesel_type: diesel_full_text_search::Tsvector }
          during: { type: tstzrange, nullable: true }
        "#,
    );
    let ty = |name: &str| t.column(name).unwrap().ty.to_string();
    assert_eq!(ty("keywords"), "varchar(40)[]");
    assert_eq!(ty("tags"), "text[]");
    assert_eq!(ty("name"), "varchar");
    assert_eq!(ty("search"), "tsvector");
    assert_eq!(ty("during"), "tstzrange");
    assert_eq!(
        t.column("tags").unwrap().default,
        Some(DefaultValue::Literal(Literal::String("{}".into())))
    );
}

#[test]
fn generated_columns() {
    use crate::model::GeneratedKind;
    let t = table(
        r#"
        table: lines
        columns:
          id: { type: integer, primary_key: true }
          price: numeric(12,2)
          quantity: integer
          total: { type: 'numeric(14,2)', generated: price * quantity, nullable: true }
          label: { type: text, generated: "upper(sku)", stored: false, nullable: true }
          sku: text
        "#,
    );
    let total = t.column("total").unwrap().generated.clone().unwrap();
    assert_eq!(total.expr.as_str(), "price * quantity");
    assert_eq!(total.kind, GeneratedKind::Stored);
    let label = t.column("label").unwrap().generated.clone().unwrap();
    assert_eq!(label.kind, GeneratedKind::Virtual);
    assert!(t.column("sku").unwrap().generated.is_none());
    // Serialized only when there is one, `kind` only when virtual.
    let json = serde_json::to_string(&t).unwrap();
    assert!(json.contains(r#""generated":{"expr":"price * quantity"}"#), "{json}");
    assert!(
        json.contains(r#""generated":{"expr":"upper(sku)","kind":"virtual"}"#),
        "{json}"
    );

    let (_, problems) = parse(
        r#"
        table: lines
        columns:
          id: { type: integer, primary_key: true }
          total: { type: integer, stored: false }
        "#,
    );
    let text = Diagnostics(problems).to_string();
    assert!(
        text.contains("error[generated-column]: column `lines.total` says `stored` but is not generated"),
        "{text}"
    );
}

//! Whole migrations per dialect, pinned as snapshots: a new portable schema, each additive change,
//! the changes this version refuses, and the quoting of hostile names and literals.

use super::{render, statements};
use crate::check::check_schema;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::dialect::Dialect::{self, Mysql, Postgres, Sqlite};
use crate::model::{Column, ColumnType, DefaultValue, Literal, Origin, Schema, Table};
use crate::plan::{plan, Step, UnitKind};
use crate::source::yaml::parse_str;

/// Removes the leading newline and the common indentation.
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

fn schema(text: &str) -> Schema {
    let (tables, problems) = parse_str(&dedent(text), None);
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    let mut schema = Schema {
        tables,
        ..Default::default()
    };
    schema.resolve_references();
    schema
}

/// The schema passes every check on `dialect`, as the project requires before planning.
#[track_caller]
fn assert_clean(schema: &Schema, dialect: Dialect) {
    let found = check_schema(schema, dialect);
    assert!(found.is_empty(), "{dialect}:\n{}", Diagnostics(found));
}

/// The migration from `old` to `new`, up then down, or the refusals.
fn migration(old: &Schema, new: &Schema, dialect: Dialect) -> String {
    match plan(old, new, dialect) {
        Ok(plan) => render(&plan, dialect)
            .iter()
            .map(|sql| {
                format!(
                    "======================================== {} (run_in_transaction = {})\n{}\n---------------------------------------- down\n{}",
                    sql.suffix.as_deref().unwrap_or("migration"),
                    sql.run_in_transaction,
                    sql.up,
                    sql.down
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Err(refused) => format!("REFUSED\n\n{}", Diagnostics(refused)),
    }
}

/// The same change on the three dialects, one after another.
fn on_every_dialect(old: &Schema, new: &Schema) -> String {
    Dialect::ALL
        .iter()
        .map(|&d| {
            format!(
                "======================================== {d}\n{}",
                migration(old, new, d)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// A new schema with every portable element
// ---------------------------------------------------------------------------------------------

/// Every portable element: all types, nullability, literal and SQL defaults, single and composite
/// keys, uniques, checks, enums, foreign keys (composite, self-referencing and in a cycle) with
/// ON DELETE/ON UPDATE, indexes, comments, an update timestamp and per-dialect native types.
const PORTABLE: &str = r#"
    table: warehouses
    comment: Warehouses, one per site
    columns:
      warehouse_id: { type: serial, primary_key: true }
      code: { type: varchar(10), unique: true, comment: Short code }
      name: varchar(100)
      manager_id: { type: bigint, nullable: true, references: people, on_delete: set_null, index: true }
    ---
    table: people
    columns:
      person_id: { type: bigserial, primary_key: true }
      home_warehouse_id: { type: integer, nullable: true, references: warehouses, on_delete: set_null, on_update: cascade, index: true }
      email: { type: varchar(255), unique: true }
    ---
    table: bins
    primary_key: [warehouse_id, bin_code]
    columns:
      warehouse_id: { type: integer, references: warehouses, on_delete: cascade }
      bin_code: varchar(20)
      capacity: { type: 'numeric(10,2)', nullable: true }
    checks:
      - expr: capacity IS NULL OR capacity > 0
    ---
    table: stock
    comment: What is where
    columns:
      stock_id: { type: uuid, primary_key: true, default_sql: gen_random_uuid() }
      warehouse_id: integer
      bin_code: varchar(20)
      parent_stock_id: { type: uuid, nullable: true, references: stock, on_delete: restrict, index: true }
      status: { type: varchar(12), values: [AVAILABLE, RESERVED, "O'HOLD"], default: AVAILABLE }
      quantity: { type: 'numeric(12,3)', default: 0.50, check: quantity >= 0 }
      weight: { type: real, nullable: true }
      ratio: { type: double, default: -0.25 }
      priority: { type: smallint, default: 3 }
      serial_no: { type: bigint, nullable: true }
      is_active: { type: boolean, default: true }
      label: { type: text, default: "It's C:\\temp", comment: "The label's text" }
      received: { type: date, default: '2024-01-31' }
      pick_time: { type: time, nullable: true }
      seen_at: { type: timestamp, default_sql: CURRENT_TIMESTAMP }
      created_at: { type: timestamptz, default_sql: now() }
      updated_at: { type: timestamptz, default_sql: now(), set_on_update: true }
      meta: { type: json, nullable: true }
      attributes: { type: jsonb, default: '{}' }
      photo: { type: binary, nullable: true }
      lookup: { type: text, native_type: { postgres: citext, mysql: 'varchar(64)', sqlite: TEXT COLLATE NOCASE } }
      day_code: { type: varchar(8), default_sql: "lower('ABC')" }
    uniques:
      - columns: [warehouse_id, bin_code, status]
    checks:
      - name: stock_weight_positive
        expr: weight IS NULL OR weight > 0
    foreign_keys:
      - columns: [warehouse_id, bin_code]
        references: bins(warehouse_id, bin_code)
        on_delete: restrict
        on_update: cascade
    indexes:
      - columns: [received, status]
      - name: idx_stock_lookup
        columns: [lookup]
        unique: true
"#;

#[test]
fn portable_schema_on_postgres() {
    let new = schema(PORTABLE);
    assert_clean(&new, Postgres);
    let sql = render(&plan(&Schema::default(), &new, Postgres).unwrap(), Postgres).remove(0);
    insta::assert_snapshot!("portable_postgres_up", sql.up);
    insta::assert_snapshot!("portable_postgres_down", sql.down);
}

#[test]
fn portable_schema_on_sqlite() {
    let new = schema(PORTABLE);
    assert_clean(&new, Sqlite);
    let sql = render(&plan(&Schema::default(), &new, Sqlite).unwrap(), Sqlite).remove(0);
    insta::assert_snapshot!("portable_sqlite_up", sql.up);
    insta::assert_snapshot!("portable_sqlite_down", sql.down);
}

#[test]
fn portable_schema_on_mysql() {
    let new = schema(PORTABLE);
    assert_clean(&new, Mysql);
    let sql = render(&plan(&Schema::default(), &new, Mysql).unwrap(), Mysql).remove(0);
    insta::assert_snapshot!("portable_mysql_up", sql.up);
    insta::assert_snapshot!("portable_mysql_down", sql.down);
}

/// What only PostgreSQL has: row-level security, GIN and hash indexes; partial indexes (also on
/// SQLite).
#[test]
fn postgres_only_elements() {
    let new = schema(
        "
        table: lots
        tenant: { column: tenant_id, setting: app.tenant, policy: lots_isolation }
        columns:
          lot_id: { type: bigserial, primary_key: true }
          tenant_id: { type: uuid, index: true }
          attributes: { type: jsonb, index: gin }
          code: { type: varchar(20), index: hash }
          is_active: { type: boolean, default: true }
        indexes:
          - name: idx_lots_active
            columns: [tenant_id]
            predicate: is_active = true
        ",
    );
    assert_clean(&new, Postgres);
    let sql = render(&plan(&Schema::default(), &new, Postgres).unwrap(), Postgres).remove(0);
    insta::assert_snapshot!("postgres_only_up", sql.up);
    insta::assert_snapshot!("postgres_only_down", sql.down);
}

#[test]
fn external_tables_are_never_created() {
    let new = schema(
        "
        table: systems
        external: true
        columns:
          id: { type: bigint, primary_key: true }
        ---
        table: notes
        columns:
          id: { type: bigint, primary_key: true }
          system_id: { type: bigint, references: systems, on_delete: restrict, index: true }
        ",
    );
    for dialect in Dialect::ALL {
        let plan = plan(&Schema::default(), &new, dialect).unwrap();
        assert_eq!(plan.created.iter().map(String::as_str).collect::<Vec<_>>(), ["notes"]);
        let sql = render(&plan, dialect).remove(0);
        assert!(
            !sql.up.contains("CREATE TABLE \"systems\"") && !sql.up.contains("CREATE TABLE `systems`"),
            "{}",
            sql.up
        );
        assert!(sql.up.contains("REFERENCES"), "{}", sql.up);
    }
}

// ---------------------------------------------------------------------------------------------
// Additive changes to an existing schema
// ---------------------------------------------------------------------------------------------

const BASE: &str = "
    table: parents
    columns:
      id: { type: bigint, primary_key: true }
    ---
    table: items
    comment: Items
    columns:
      id: { type: bigint, primary_key: true }
      tenant_id: { type: uuid, index: true }
      name: varchar(50)
      parent_id: { type: bigint, nullable: true, index: true }
";

/// The base schema with `extra` (YAML, unindented) appended to the `items` table.
fn changed(extra: &str) -> Schema {
    schema(&format!("{}{extra}", dedent(BASE)))
}

/// The base schema with `column` (one YAML line) added to `items`.
fn with_column(column: &str) -> Schema {
    changed(&format!("  {column}\n"))
}

fn change(new: &Schema) -> String {
    on_every_dialect(&schema(BASE), new)
}

#[test]
fn unchanged_schema_plans_nothing() {
    for dialect in Dialect::ALL {
        let plan = plan(&schema(BASE), &schema(BASE), dialect).unwrap();
        assert!(plan.is_empty(), "{dialect}: {:?}", plan.units);
    }
}

#[test]
fn add_nullable_column() {
    insta::assert_snapshot!(change(&with_column("note: { type: text, nullable: true }")));
}

#[test]
fn add_column_with_literal_default() {
    insta::assert_snapshot!(change(&with_column(
        "status: { type: varchar(10), values: [NEW, DONE], default: NEW, comment: Where it is }"
    )));
}

#[test]
fn add_column_with_expression_default() {
    insta::assert_snapshot!(change(&with_column(
        "added_at: { type: timestamptz, default_sql: now() }"
    )));
}

#[test]
fn add_update_timestamp() {
    insta::assert_snapshot!(change(&with_column(
        "updated_at: { type: timestamp, nullable: true, set_on_update: true }"
    )));
}

#[test]
fn add_referencing_column() {
    insta::assert_snapshot!(change(&with_column(
        "owner_id: { type: bigint, nullable: true, references: parents, on_delete: set_null, index: true }"
    )));
}

#[test]
fn add_index() {
    insta::assert_snapshot!(change(&changed("indexes:\n  - columns: [name, id]\n")));
}

#[test]
fn add_unique() {
    insta::assert_snapshot!(change(&changed("uniques:\n  - columns: [tenant_id, name]\n")));
}

#[test]
fn add_check() {
    insta::assert_snapshot!(change(&changed("checks:\n  - expr: name <> ''\n")));
}

#[test]
fn add_foreign_key() {
    insta::assert_snapshot!(change(&changed(
        "foreign_keys:\n  - columns: [parent_id]\n    references: parents\n    on_delete: cascade\n    on_update: cascade\n"
    )));
}

#[test]
fn add_comments() {
    let new = schema(
        &dedent(BASE)
            .replace("comment: Items", "comment: \"Items, all of them\"")
            .replace(
                "name: varchar(50)",
                "name: { type: varchar(50), comment: \"The item's name\" }",
            ),
    );
    insta::assert_snapshot!(change(&new));
}

#[test]
fn add_table() {
    insta::assert_snapshot!(on_every_dialect(
        &schema(BASE),
        &schema(&format!(
            "{}---\n{}",
            dedent(BASE),
            dedent("table: tags\ncolumns:\n  id: { type: serial, primary_key: true }\n  item_id: { type: bigint, references: items, on_delete: cascade, index: true }\n")
        ))
    ));
}

#[test]
fn enable_tenant() {
    let new = schema(&dedent(BASE).replace("comment: Items", "comment: Items\ntenant: tenant_id"));
    let sql = change(&new);
    // PostgreSQL enforces it; the checks refuse `tenant` on the others before a plan is made.
    assert!(sql.contains("CREATE POLICY"));
    assert!(!check_schema(&new, Sqlite).is_empty() && !check_schema(&new, Mysql).is_empty());
    insta::assert_snapshot!(sql);
}

// ---------------------------------------------------------------------------------------------
// What this version refuses to plan
// ---------------------------------------------------------------------------------------------

#[track_caller]
fn refused(old: &Schema, new: &Schema, dialect: Dialect) -> Vec<Diagnostic> {
    match plan(old, new, dialect) {
        Ok(plan) => panic!("{dialect}: planned {:?}", plan.units),
        Err(refused) => refused,
    }
}

#[track_caller]
fn refusal(diagnostic: &Diagnostic, what: &str) {
    assert_eq!(diagnostic.code, "unsupported-change");
    assert_eq!(diagnostic.message, what);
    assert!(diagnostic.help.is_some(), "every refusal says what to do: {diagnostic}");
}

#[test]
fn refuses_dropping_a_column_silently() {
    let new = schema(&dedent(BASE).replace("  name: varchar(50)\n", ""));
    for dialect in Dialect::ALL {
        let found = refused(&schema(BASE), &new, dialect);
        assert_eq!(found.len(), 1, "{}", Diagnostics(found));
        refusal(&found[0], "column `items.name` was removed from the schema");
        let help = found[0].help.as_deref().unwrap();
        assert!(
            help.contains("`dropped: true`") && help.contains("`purged: true`"),
            "{help}"
        );
    }
}

/// A drop next to an add of the same type may be a rename: the help says how to declare one.
#[test]
fn a_drop_and_an_add_of_the_same_type_suggest_renamed_from() {
    let new = schema(&dedent(BASE).replace("  name: varchar(50)\n", "  title: varchar(50)\n"));
    let found = refused(&schema(BASE), &new, Postgres);
    assert_eq!(found[0].message, "column `items.name` was removed from the schema");
    assert!(
        found[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("if `title` is `name` renamed, declare `renamed_from: name` on it"),
        "{}",
        found[0]
    );
    // ... and declaring it makes the plan a rename.
    let declared = schema(&dedent(BASE).replace(
        "  name: varchar(50)\n",
        "  title: { type: varchar(50), renamed_from: name }\n",
    ));
    let plan = plan(&schema(BASE), &declared, Postgres).unwrap();
    assert_eq!(plan.headline(), ["rename column items.name to title"]);
}

#[test]
fn refuses_a_type_change_that_may_fail_or_lose_values() {
    let new = schema(&dedent(BASE).replace("name: varchar(50)", "name: integer"));
    // The schema decides, not the database: SQLite would store anything, and refuses too.
    for dialect in Dialect::ALL {
        let found = refused(&schema(BASE), &new, dialect);
        assert_eq!(found.len(), 1, "{}", Diagnostics(found));
        refusal(
            &found[0],
            "`items.name` changes type from varchar(50) to integer, which may fail on some values or lose part of them",
        );
        assert_eq!(
            (found[0].origin.line, found[0].origin.column),
            (10, 3),
            "points at the column"
        );
    }
    let unrelated = schema(&dedent(BASE).replace("tenant_id: { type: uuid", "tenant_id: { type: date"));
    let found = refused(&schema(BASE), &unrelated, Postgres);
    refusal(
        &found[0],
        "`items.tenant_id` changes type from uuid to date, which no database converts",
    );
}

/// A lossless change PostgreSQL cannot make in place: a new column beside the old one, kept in
/// sync, filled, indexed, and swapped in by the last migration.
#[test]
fn widening_on_postgres_swaps_in_a_new_column() {
    let old = with_column("score: { type: integer, nullable: true, index: true }");
    let new = with_column("score: { type: bigint, nullable: true, index: true }");
    let plan = plan(&old, &new, Postgres).unwrap();
    let kinds: Vec<UnitKind> = plan.units.iter().map(|u| u.kind.clone()).collect();
    assert_eq!(
        kinds,
        [UnitKind::Main, UnitKind::Backfill, UnitKind::Index, UnitKind::Swap]
    );
    assert_eq!(
        plan.headline(),
        [
            "add column items.score__retype",
            "add items.score__retype (bigint), kept in sync with score",
            "fill items.score__retype from score",
            "create index idx_items_score__retype",
            "swap in the bigint column as items.score",
        ]
    );
    // Elsewhere one statement: a table copy on MySQL, a rebuild on SQLite.
    let mysql = render(&crate::plan::plan(&old, &new, Mysql).unwrap(), Mysql);
    assert!(mysql[0].up.contains("ALGORITHM=COPY, LOCK=SHARED"), "{}", mysql[0].up);
    assert!(mysql[0].up.contains("(the server copies the table; writes wait)"));
    let sqlite = crate::plan::plan(&old, &new, Sqlite).unwrap();
    assert_eq!(
        sqlite.headline(),
        ["rebuild table items (SQLite cannot alter it in place)"]
    );
}

/// What a swapped-in column could not take over is refused, naming it.
#[test]
fn refuses_a_swap_the_new_column_could_not_finish() {
    let cases = [
        (
            "parent_id: { type: bigint, nullable: true, references: parents.id }",
            "parent_id: { type: 'numeric(20, 0)', nullable: true, references: parents.id }",
            "`items.parent_id` changes type but foreign key `items_parent_id_fkey` uses it",
        ),
        (
            "code: { type: integer, unique: true }",
            "code: { type: bigint, unique: true }",
            "`items.code` changes type but unique constraint `items_code_key` covers it",
        ),
        (
            "code: { type: integer, check: code > 0 }",
            "code: { type: bigint, check: code > 0 }",
            "`items.code` changes type but check `items_code_check` reads it",
        ),
    ];
    let base = dedent(BASE).replace("  parent_id: { type: bigint, nullable: true, index: true }\n", "");
    for (before, after, message) in cases {
        let old = schema(&format!("{base}  {before}\n"));
        let new = schema(&format!("{base}  {after}\n"));
        let found = refused(&old, &new, Postgres);
        assert_eq!(found.len(), 1, "{}", Diagnostics(found));
        refusal(&found[0], message);
    }
    // An index on the column changing in the same migration.
    let old = with_column("score: { type: integer, nullable: true, index: true }");
    let new = with_column("score: { type: bigint, nullable: true }");
    refusal(
        &refused(&old, &new, Postgres)[0],
        "`items.score` changes type in the same migration as index `idx_items_score` on it",
    );
}

#[test]
fn refuses_a_not_null_column_without_default() {
    let new = with_column("code: varchar(10)");
    for dialect in Dialect::ALL {
        let found = refused(&schema(BASE), &new, dialect);
        assert_eq!(found.len(), 1, "{}", Diagnostics(found));
        refusal(
            &found[0],
            "new column `items.code` is NOT NULL without a default, which fails on a table with rows",
        );
    }
}

#[test]
fn refuses_other_changes_all_at_once() {
    let old = changed("indexes:\n  - name: idx_items_name\n    columns: [name]\n");
    let new = schema(
        &dedent(BASE)
            .replace("  name: varchar(50)\n", "")
            .replace(
                "tenant_id: { type: uuid, index: true }",
                "tenant_id: { type: date, index: true }",
            )
            .replace(
                "table: parents\ncolumns:\n  id: { type: bigint, primary_key: true }\n---\n",
                "",
            ),
    );
    let found = refused(&old, &new, Postgres);
    let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "table `parents` was removed from the schema",
            "column `items.name` was removed from the schema",
            "`items.tenant_id` changes type from uuid to date, which no database converts",
        ]
    );
}

/// What SQLite's ALTER TABLE cannot do becomes one rebuild of the table, whose inverse is the
/// rebuild back (the full SQL is pinned in the `add_check` and `add_foreign_key` snapshots).
#[test]
fn sqlite_rebuilds_what_alter_table_cannot_change() {
    let new = changed("checks:\n  - expr: name <> ''\n");
    let plan = plan(&schema(BASE), &new, Sqlite).unwrap();
    assert_eq!(
        plan.headline(),
        ["rebuild table items (SQLite cannot alter it in place)"]
    );
    let down = &render(&plan, Sqlite)[0].down;
    assert!(
        down.contains("CREATE TABLE \"_tw_rebuild_items\"") && !down.contains("items_check"),
        "{down}"
    );
}

// ---------------------------------------------------------------------------------------------
// Hostile names and literals
// ---------------------------------------------------------------------------------------------

#[test]
fn hostile_identifiers_are_refused_by_the_checks() {
    let hostile = schema(
        r#"
        table: "items\"; DROP TABLE users; --"
        columns:
          "id`": { type: bigint, primary_key: true }
        "#,
    );
    for dialect in Dialect::ALL {
        let codes: Vec<&str> = check_schema(&hostile, dialect).iter().map(|d| d.code).collect();
        // The table, the column, and `<table>_pkey` where the primary key has a name (MySQL's
        // is always PRIMARY).
        let expected = if dialect == Mysql { 2 } else { 3 };
        assert_eq!(codes, vec!["invalid-identifier"; expected], "{dialect}");
    }
    // Were one to reach the renderer anyway, the quote character is doubled, never passed through.
    let create = |dialect| {
        statements(
            &Step::CreateTable {
                table: hostile.tables[0].clone().into(),
                foreign_keys: vec![],
            },
            dialect,
        )
        .join("\n")
    };
    assert!(
        create(Postgres).starts_with("CREATE TABLE \"items\"\"; DROP TABLE users; --\" (\n    \"id`\" bigint NOT NULL"),
        "{}",
        create(Postgres)
    );
    assert!(
        create(Mysql).starts_with("CREATE TABLE `items\"; DROP TABLE users; --` (\n    `id``` BIGINT NOT NULL"),
        "{}",
        create(Mysql)
    );
}

fn text_column(name: &str, default: &str, comment: &str, values: &[&str]) -> Column {
    Column {
        name: name.into(),
        ty: ColumnType::Text,
        nullable: false,
        default: Some(DefaultValue::Literal(Literal::String(default.into()))),
        comment: Some(comment.into()),
        values: (!values.is_empty()).then(|| crate::model::EnumValues {
            values: values.iter().map(|v| v.to_string()).collect(),
            check_name: format!("t_{name}_check"),
            removed: vec![],
        }),
        set_on_update: false,
        native_types: Default::default(),
        diesel_type: None,
        renamed_from: None,
        lifecycle: Default::default(),
        narrowing: None,
        generated: None,
        auto_increment: Default::default(),
        sequence: None,
        origin: Origin::default(),
    }
}

#[test]
fn literals_are_escaped_per_dialect() {
    let hostile = r"it's \'; DROP TABLE t; -- \";
    let column = text_column("c", hostile, hostile, &[hostile, "plain"]);
    let add = Step::AddColumn {
        table: "t".into(),
        column: column.clone(),
        foreign_key: None,
    };
    // PostgreSQL: a value with a backslash is an escape string, which reads the same whatever
    // `standard_conforming_strings` says.
    assert_eq!(
        statements(&add, Postgres),
        [
            r#"ALTER TABLE "t" ADD COLUMN "c" text NOT NULL DEFAULT E'it''s \\''; DROP TABLE t; -- \\' CONSTRAINT "t_c_check" CHECK ("c" IN (E'it''s \\''; DROP TABLE t; -- \\', 'plain'))"#
        ]
    );
    assert_eq!(
        statements(&add, Sqlite),
        [
            r#"ALTER TABLE "t" ADD COLUMN "c" TEXT NOT NULL DEFAULT 'it''s \''; DROP TABLE t; -- \' CONSTRAINT "t_c_check" CHECK ("c" IN ('it''s \''; DROP TABLE t; -- \', 'plain'))"#
        ]
    );
    // MySQL reads `\` as an escape: it is doubled there, and TEXT defaults are expressions.
    assert_eq!(
        statements(&add, Mysql),
        [
            r#"ALTER TABLE `t` ADD COLUMN `c` TEXT NOT NULL DEFAULT ('it''s \\''; DROP TABLE t; -- \\') COMMENT 'it''s \\''; DROP TABLE t; -- \\', ADD CONSTRAINT `t_c_check` CHECK (`c` IN ('it''s \\''; DROP TABLE t; -- \\', 'plain'))"#
        ]
    );

    let comment = Step::CommentColumn {
        table: "t".into(),
        column,
        before: None,
    };
    assert_eq!(
        statements(&comment, Postgres),
        [r#"COMMENT ON COLUMN "t"."c" IS E'it''s \\''; DROP TABLE t; -- \\'"#]
    );
    assert!(statements(&comment, Sqlite).is_empty(), "SQLite stores no comments");

    let table_comment = Step::CommentTable {
        table: "t".into(),
        comment: Some(hostile.into()),
        before: None,
    };
    assert_eq!(
        statements(&table_comment, Postgres),
        [r#"COMMENT ON TABLE "t" IS E'it''s \\''; DROP TABLE t; -- \\'"#]
    );
    assert_eq!(
        statements(&table_comment, Mysql),
        [r#"ALTER TABLE `t` COMMENT = 'it''s \\''; DROP TABLE t; -- \\'"#]
    );
    let cleared = Step::CommentTable {
        table: "t".into(),
        comment: None,
        before: Some(hostile.into()),
    };
    assert_eq!(statements(&cleared, Postgres), [r#"COMMENT ON TABLE "t" IS NULL"#]);
    assert_eq!(statements(&cleared, Mysql), ["ALTER TABLE `t` COMMENT = ''"]);
}

#[test]
fn tenant_settings_are_literals() {
    let mut table: Table = schema("table: t\ntenant: tenant_id\ncolumns:\n  id: { type: bigint, primary_key: true }\n  tenant_id: { type: uuid, index: true }\n")
        .tables
        .remove(0);
    table.tenant.as_mut().unwrap().setting = "app.x'; RESET ALL; --".into();
    let sql = statements(&Step::EnableRowLevelSecurity { table: table.into() }, Postgres).join(";\n");
    assert!(sql.contains("current_setting('app.x''; RESET ALL; --', true)"), "{sql}");
}

#[test]
fn numeric_defaults_are_written_at_the_column_scale() {
    let new = schema(
        "
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          a: { type: 'numeric(5,2)', default: 0 }
          b: { type: 'numeric(5,2)', default: -1.5 }
          c: { type: 'numeric(5,0)', default: 12 }
          d: { type: numeric, default: 0.50 }
          e: { type: double, default: 2.50 }
        ",
    );
    let create = statements(
        &Step::CreateTable {
            table: new.tables[0].clone().into(),
            foreign_keys: vec![],
        },
        Postgres,
    )
    .join("");
    for expected in [
        "\"a\" numeric(5, 2) NOT NULL DEFAULT 0.00",
        "\"b\" numeric(5, 2) NOT NULL DEFAULT -1.50",
        "\"c\" numeric(5, 0) NOT NULL DEFAULT 12",
        "\"d\" numeric NOT NULL DEFAULT 0.5",
        "\"e\" double precision NOT NULL DEFAULT 2.5",
    ] {
        assert!(create.contains(expected), "{expected} in\n{create}");
    }
}

// ---------------------------------------------------------------------------------------------
// Narrowing type changes, allowed by the schema
// ---------------------------------------------------------------------------------------------

fn with_qty(declaration: &str) -> Schema {
    with_column(&format!("qty: {declaration}"))
}

/// Allowed, a narrowing keeps the values in a backup table first and records what it made of
/// them; the down puts back those nobody changed.
#[test]
fn allowed_narrowing_keeps_the_values() {
    let old = with_qty("{ type: bigint, nullable: true }");
    let new = with_qty("{ type: integer, nullable: true, narrowing: allowed }");
    for dialect in Dialect::ALL {
        let plan = plan(&old, &new, dialect).unwrap();
        let headline = plan.headline();
        assert!(
            headline.contains(&"create table items__qty__narrowed".to_string()),
            "{dialect}: {headline:?}"
        );
        let keep = headline
            .iter()
            .position(|h| h == "keep the values of items.qty in items__qty__narrowed");
        let record = headline
            .iter()
            .position(|h| h == "record what the narrowing made of items.qty in items__qty__narrowed");
        assert!(keep.is_some() && keep < record, "{dialect}: {headline:?}");
        let downs: String = render(&plan, dialect).iter().map(|m| m.down.clone()).collect();
        assert!(
            downs.contains("DELETE FROM"),
            "{dialect}: forgets changed rows first\n{downs}"
        );
        assert!(
            downs.contains("\"qty__before\"") || downs.contains("`qty__before`"),
            "{downs}"
        );
    }
    // The declaration stays while the values are kept; purging deletes them.
    let purged = with_qty("{ type: integer, nullable: true, narrowing: purged }");
    for dialect in Dialect::ALL {
        let plan = plan(&new, &purged, dialect).unwrap();
        assert_eq!(
            plan.headline(),
            ["delete the values kept in items__qty__narrowed"],
            "{dialect}"
        );
        assert!(render(&plan, dialect)[0].up.contains("DROP TABLE IF EXISTS"));
    }
}

#[test]
fn narrowing_declarations_that_would_lose_track_are_refused() {
    let narrowed = with_qty("{ type: integer, nullable: true, narrowing: allowed }");
    let cases = [
        (
            with_qty("{ type: integer, nullable: true }"),
            with_qty("{ type: integer, nullable: true, narrowing: allowed }"),
            "`items.qty` declares `narrowing: allowed` but its type does not narrow",
        ),
        (
            narrowed.clone(),
            with_qty("{ type: integer, nullable: true }"),
            "`items.qty` no longer declares `narrowing`, but the values its narrowing kept are still there",
        ),
        (
            narrowed.clone(),
            with_qty("{ type: smallint, nullable: true, narrowing: allowed }"),
            "`items.qty` changes type from integer to smallint, but the values kept by its previous narrowing are still there",
        ),
        (
            narrowed.clone(),
            with_qty("{ type: integer, nullable: true, narrowing: allowed, dropped: true }"),
            "column `items.qty` is dropped while the values kept by its narrowing are still there",
        ),
    ];
    for (old, new, message) in cases {
        for dialect in Dialect::ALL {
            let found = refused(&old, &new, dialect);
            assert_eq!(found.len(), 1, "{dialect}: {}", Diagnostics(found));
            refusal(&found[0], message);
        }
    }
}

/// Once purged, a name is free again: a new table or column may take it.
#[test]
fn a_purged_name_can_be_used_again() {
    let purged_column = with_column("legacy: { type: text, nullable: true, dropped: true, purged: true }");
    let reused_column = with_column("legacy: { type: integer, nullable: true }");
    let planned = plan(&purged_column, &reused_column, Postgres).unwrap();
    assert_eq!(planned.headline(), ["add column items.legacy"]);

    let purged_table = changed(
        "---\ntable: old_notes\ndropped: true\npurged: true\ncolumns:\n  id: { type: bigint, primary_key: true }\n",
    );
    let reused_table =
        changed("---\ntable: old_notes\ncolumns:\n  id: { type: bigint, primary_key: true }\n  body: text\n");
    let planned = plan(&purged_table, &reused_table, Postgres).unwrap();
    assert_eq!(planned.headline(), ["create table old_notes"]);
}

/// `removed_values` only confirms a removal: declaring it, or forgetting it later, writes nothing.
#[test]
fn forgetting_removed_values_changes_nothing() {
    let declared = with_column("state: { type: varchar(10), values: [open, closed], removed_values: [held] }");
    let forgotten = with_column("state: { type: varchar(10), values: [open, closed] }");
    for dialect in Dialect::ALL {
        assert!(plan(&declared, &forgotten, dialect).unwrap().is_empty(), "{dialect}");
    }
}

/// On a column created now, `narrowing: allowed` starts with an empty kept table: what the
/// schema says (values kept until purged) holds from the start, in a fresh database too.
#[test]
fn a_new_column_allowed_to_narrow_starts_with_empty_kept_values() {
    let new = with_qty("{ type: integer, nullable: true, narrowing: allowed }");
    for dialect in Dialect::ALL {
        let planned = plan(&schema(BASE), &new, dialect).unwrap();
        assert!(
            planned
                .headline()
                .contains(&"create table items__qty__narrowed".to_string()),
            "{dialect}: {:?}",
            planned.headline()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Writes while a change runs: no plan makes a write fail that the finished schema would take
// ---------------------------------------------------------------------------------------------

/// The steps of each migration of the plan, by unit kind.
fn units(old: &Schema, new: &Schema, dialect: Dialect) -> Vec<(UnitKind, Vec<Step>)> {
    plan(old, new, dialect)
        .unwrap_or_else(|e| panic!("{dialect}: {}", Diagnostics(e)))
        .units
        .into_iter()
        .map(|u| (u.kind, u.steps))
        .collect()
}

fn position(steps: &[Step], what: impl Fn(&Step) -> bool) -> usize {
    steps
        .iter()
        .position(what)
        .unwrap_or_else(|| panic!("no such step in {steps:#?}"))
}

#[test]
fn refuses_making_a_column_not_null_without_a_default() {
    let old = with_column("note: { type: text, nullable: true }");
    let message =
        "`items.note` becomes NOT NULL without a default, so nothing says what its rows that hold NULL should get";
    for dialect in Dialect::ALL {
        let found = refused(&old, &with_column("note: text"), dialect);
        assert_eq!(found.len(), 1, "{dialect}: {}", Diagnostics(found));
        refusal(&found[0], message);
        assert!(found[0].help.as_deref().unwrap().contains("give the column a default"));
        // With a type change as well.
        let found = refused(&old, &with_column("note: varchar(20)"), dialect);
        refusal(&found[0], message);
        // A default, literal or expression, is what it takes.
        for default in ["default: '-'", "default_sql: lower('X')"] {
            let new = with_column(&format!("note: {{ type: text, {default} }}"));
            assert!(plan(&old, &new, dialect).is_ok(), "{dialect}: {default}");
        }
    }
}

/// PostgreSQL: the NOT VALID check comes with a trigger that gives NULLs the default, so that an
/// update of an old row not filled yet, or a write of NULL, never fails; the trigger goes in the
/// migration that sets NOT NULL.
#[test]
fn a_column_made_not_null_fills_what_writes_leave_null() {
    let old = with_column("note: { type: text, nullable: true }");
    for (default, value) in [("default: '-'", "'-'"), ("default_sql: lower('X')", "lower('X')")] {
        let new = with_column(&format!("note: {{ type: text, {default} }}"));
        let units = units(&old, &new, Postgres);
        let kinds: Vec<&UnitKind> = units.iter().map(|(k, _)| k).collect();
        assert_eq!(
            kinds,
            [&UnitKind::Main, &UnitKind::Backfill, &UnitKind::Validate],
            "{default}"
        );
        let main = &units[0].1;
        position(main, |s| matches!(s, Step::AddCheck { validated: false, .. }));
        position(main, |s| matches!(s, Step::AddNullFill { .. }));
        let validate = &units[2].1;
        let set = position(validate, |s| matches!(s, Step::SetNullable { .. }));
        let stop = position(validate, |s| matches!(s, Step::DropNullFill { .. }));
        assert!(set < stop, "the trigger stays until NOT NULL holds");
        let sql = render(&plan(&old, &new, Postgres).unwrap(), Postgres);
        assert!(
            sql[0]
                .up
                .contains(&format!("BEGIN\n    NEW.\"note\" := {value};\n    RETURN NEW;")),
            "{}",
            sql[0].up
        );
        assert!(
            sql[0]
                .up
                .contains("BEFORE INSERT OR UPDATE ON \"items\" FOR EACH ROW WHEN (NEW.\"note\" IS NULL) EXECUTE"),
            "{}",
            sql[0].up
        );
        assert!(sql[1].up.contains(&format!("SET \"note\" = {value}")), "{}", sql[1].up);
    }
    // A new NOT NULL column with a per-row default too.
    let units = units(
        &schema(BASE),
        &with_column("token: { type: uuid, default_sql: gen_random_uuid() }"),
        Postgres,
    );
    position(&units[0].1, |s| matches!(s, Step::AddNullFill { .. }));
}

/// MySQL: the default is set first and stays in the restated column, so an insert that leaves the
/// column out never meets a NOT NULL column without a default.
#[test]
fn mysql_sets_the_default_before_the_column_becomes_not_null() {
    let old = with_column("note: { type: text, nullable: true }");
    let new = with_column("note: { type: varchar(20), default: '-', narrowing: allowed }");
    let new_plain = with_column("note: { type: text, default_sql: lower('X') }");
    for new in [new, new_plain] {
        let units = units(&old, &new, Mysql);
        let main = &units[0].1;
        let default = position(main, |s| matches!(s, Step::SetDefault { .. }));
        let fill = position(main, |s| matches!(s, Step::Backfill { .. }));
        let not_null = position(main, |s| matches!(s, Step::SetNullable { .. }));
        assert!(default < fill && fill < not_null, "{main:#?}");
        let up = &render(&plan(&old, &new, Mysql).unwrap(), Mysql)[0].up;
        assert!(up.contains("NOT NULL DEFAULT"), "{up}");
    }
}

/// A type change: the trigger converts what a write sets, and leaves a value it does not
/// change to the backfill when it does not convert. A lossless change adds its NOT NULL check
/// with the trigger; a narrowing once the backfill filled every row, validated in the swap.
#[test]
fn type_changes_never_fail_a_write_that_leaves_the_column_alone() {
    let old = with_qty("bigint");
    let widened = with_qty("numeric(30, 2)");
    let narrowed = with_qty("{ type: integer, narrowing: allowed }");
    let units_of = |new: &Schema| units(&old, new, Postgres);

    let lossless = units_of(&widened);
    position(&lossless[0].1, |s| matches!(s, Step::AddCheck { validated: false, .. }));
    let (_, validate) = lossless.iter().find(|(k, _)| *k == UnitKind::Validate).unwrap();
    position(validate, |s| matches!(s, Step::ValidateConstraint { .. }));

    let narrowing = units_of(&narrowed);
    assert!(
        !narrowing[0].1.iter().any(|s| matches!(s, Step::AddCheck { .. })),
        "no NOT NULL check before the backfill: {:#?}",
        narrowing[0].1
    );
    let (_, validate) = narrowing.iter().find(|(k, _)| *k == UnitKind::Validate).unwrap();
    position(validate, |s| matches!(s, Step::AddCheck { validated: false, .. }));
    let (_, swap) = narrowing.iter().find(|(k, _)| *k == UnitKind::Swap).unwrap();
    let keep = position(swap, |s| matches!(s, Step::KeepValues { .. }));
    let check = position(swap, |s| matches!(s, Step::ValidateConstraint { .. }));
    let swapped = position(swap, |s| matches!(s, Step::SwapRetyped { .. }));
    assert!(keep < check && check < swapped, "{swap:#?}");

    let up = &render(&plan(&old, &narrowed, Postgres).unwrap(), Postgres)[0].up;
    assert!(
        up.contains("    IF TG_OP = 'INSERT' OR NEW.\"qty\" IS DISTINCT FROM OLD.\"qty\" THEN\n        NEW.\"qty__retype\" := NEW.\"qty\"::integer;\n    ELSIF NEW.\"qty__retype\" IS NULL THEN\n        BEGIN\n            NEW.\"qty__retype\" := NEW.\"qty\"::integer;\n        EXCEPTION WHEN OTHERS THEN"),
        "{up}"
    );
    // Also becoming NOT NULL: NULLs convert to the default, in the trigger and the backfill.
    let old = with_qty("{ type: integer, nullable: true }");
    let new = with_qty("{ type: bigint, default: 0 }");
    let sql = render(&plan(&old, &new, Postgres).unwrap(), Postgres);
    assert!(sql[0].up.contains("COALESCE(NEW.\"qty\"::bigint, 0)"), "{}", sql[0].up);
    assert!(
        sql[1].up.contains("SET \"qty__retype\" = COALESCE(\"qty\"::bigint, 0)")
            && !sql[1].up.contains("\"qty\" IS NOT NULL"),
        "{}",
        sql[1].up
    );
}

/// PostgreSQL checks the existing rows before it adds a check `NOT VALID` (a row that broke it
/// would fail every later write to it), first thing, in the names the table has then.
#[test]
fn rows_are_verified_before_a_check_is_added_not_valid() {
    let old = with_column("qty: integer");
    let new = with_column("qty: { type: integer, check: qty >= 0 }");
    let main = &units(&old, &new, Postgres)[0].1;
    assert!(matches!(main[0], Step::VerifyRows { .. }), "{main:#?}");
    let up = &render(&plan(&old, &new, Postgres).unwrap(), Postgres)[0].up;
    assert!(
        up.contains("IF EXISTS (SELECT 1 FROM \"items\" WHERE NOT (qty >= 0)) THEN\n        RAISE EXCEPTION 'rows of items break items_qty_check (qty >= 0), which this migration adds: fix them, then run the migrations again';"),
        "{up}"
    );
    // Renamed in the same change: checked under the old name, before the rename.
    let renamed = with_column("amount: { type: integer, renamed_from: qty, check: amount >= 0 }");
    let main = &units(&old, &renamed, Postgres)[0].1;
    match &main[0] {
        Step::VerifyRows { condition, .. } => assert_eq!(condition.as_str(), "qty >= 0"),
        other => panic!("{other:?}"),
    }
    // An enum's values.
    let old = with_column("state: { type: varchar(10), values: [a, b, c] }");
    let new = with_column("state: { type: varchar(10), values: [a, b], removed_values: [c] }");
    match &units(&old, &new, Postgres)[0].1[0] {
        Step::VerifyRows { condition, .. } => assert_eq!(condition.as_str(), "\"state\" IN ('a', 'b')"),
        other => panic!("{other:?}"),
    }
    // A check reading a column added in the same change has no rows to verify; other
    // databases check the rows as they add it.
    let added = with_column("qty: integer\n  extra: { type: integer, default: 1, check: extra > 0 }");
    assert!(!units(&old_with_qty(), &added, Postgres)[0]
        .1
        .iter()
        .any(|s| matches!(s, Step::VerifyRows { .. })));
    for dialect in [Mysql, Sqlite] {
        assert!(!units(
            &with_column("qty: integer"),
            &with_column("qty: { type: integer, check: qty >= 0 }"),
            dialect
        )
        .iter()
        .flat_map(|(_, steps)| steps)
        .any(|s| matches!(s, Step::VerifyRows { .. })));
    }
}

fn old_with_qty() -> Schema {
    with_column("qty: integer")
}

/// The backfill walks the key in batches of the next 10,000 keys, however sparse they are.
#[test]
fn backfills_walk_sparse_keys_batch_by_batch() {
    let old = with_column("note: { type: text, nullable: true }");
    let new = with_column("note: { type: text, default: '-' }");
    let backfill = &render(&plan(&old, &new, Postgres).unwrap(), Postgres)[1].up;
    assert!(
        backfill.contains("SELECT max(\"id\") INTO high FROM (SELECT \"id\" FROM \"items\" WHERE \"id\" >= low ORDER BY \"id\" LIMIT 10000) batch;"),
        "{backfill}"
    );
    assert!(
        backfill.contains("SELECT min(\"id\") INTO low FROM \"items\" WHERE \"id\" > high;"),
        "{backfill}"
    );
}

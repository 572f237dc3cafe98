//! Extensions, enum types and domains from YAML through the checks, the planner and the SQL.

use crate::check::check_schema;
use crate::dialect::Dialect::{self, Mysql, Postgres, Sqlite};
use crate::model::{ColumnType, Schema};
use crate::plan::{plan, UnitKind};
use crate::render::render;
use crate::source::yaml::parse_schema_str;

fn schema(text: &str) -> Schema {
    let (mut schema, problems) = parse_schema_str(text, None);
    assert!(problems.is_empty(), "{problems:?}");
    schema.sort_type_objects();
    schema.resolve_references();
    schema
}

/// The errors of the checks, by code and message.
fn errors(text: &str, dialect: Dialect) -> Vec<String> {
    check_schema(&schema(text), dialect)
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

/// Every migration's up and down, one string.
fn sql(before: &str, after: &str, dialect: Dialect) -> String {
    let (old, new) = (schema(before), schema(after));
    let planned = plan(&old, &new, dialect).unwrap_or_else(|e| panic!("{e:?}"));
    render(&planned, dialect)
        .into_iter()
        .map(|m| format!("{}\n--down--\n{}", m.up, m.down))
        .collect::<Vec<_>>()
        .join("\n=====\n")
}

const ACCOUNTS: &str = "table: accounts\ncolumns:\n  id: { type: integer, primary_key: true }\n";

#[test]
fn documents_of_each_kind_are_read() {
    let s = schema(
        "extension: citext\nschema: public\nversion: '1.6'\n---\n\
         enum: mood\nvalues: [sad, ok]\ncomment: Feelings\nrenamed_from: feeling\nrenamed_values: { ok: fine }\n---\n\
         domain: price\ntype: numeric(12,2)\nnullable: false\ndefault: 0\nchecks:\n  - { expr: VALUE >= 0 }\n  - { name: price_small, expr: VALUE < 1000 }\n---\n\
         table: items\ncolumns:\n  id: { type: integer, primary_key: true }\n  mood: mood\n  moods: { type: 'mood[]', nullable: true }\n  price: price\n",
    );
    assert_eq!(s.extensions[0].name, "citext");
    assert_eq!(s.extensions[0].version.as_deref(), Some("1.6"));
    let e = &s.enums[0];
    assert_eq!(
        (e.name.as_str(), e.values.clone()),
        ("mood", vec!["sad".to_string(), "ok".into()])
    );
    assert_eq!(e.renamed_values.get("ok").map(String::as_str), Some("fine"));
    let d = &s.domains[0];
    assert_eq!(d.base, ColumnType::Numeric(Some((12, 2))));
    assert!(!d.nullable);
    let checks: Vec<&str> = d.checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(checks, ["price_check", "price_small"]);
    let items = s.table("items").unwrap();
    assert_eq!(items.column("mood").unwrap().ty, ColumnType::named("mood"));
    assert_eq!(items.column("moods").unwrap().ty.to_string(), "mood[]");
    assert!(check_schema(&s, Postgres).iter().all(|d| !d.is_error()));
}

#[test]
fn a_document_says_what_it_declares() {
    let (_, problems) = parse_schema_str("values: [a]\n", None);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].message.contains("declares nothing"),
        "{}",
        problems[0].message
    );
    let (_, problems) = parse_schema_str("enum: a\ndomain: b\nvalues: [x]\n", None);
    assert!(
        problems[0].message.contains("`enum:` and `domain:`"),
        "{}",
        problems[0].message
    );
    let (_, problems) = parse_schema_str("enum: a\nvalue: [x]\n", None);
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("did you mean `values`")),
        "{messages:?}"
    );
}

#[test]
fn unknown_types_say_what_is_declared() {
    let found = errors(
        "enum: mood\nvalues: [a, b]\n---\ntable: t\ncolumns:\n  id: { type: integer, primary_key: true }\n  m: moood\n",
        Postgres,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("unknown-type: column `m`: unknown type `moood`; did you mean `mood`?"),
        "{found:?}"
    );
}

#[test]
fn extension_types_and_opclasses_need_the_extension() {
    let text = format!(
        "{ACCOUNTS}  handle: citext\n  path: {{ type: ltree, nullable: true }}\n  name: text\nindexes:\n  - {{ method: gin, columns: [{{ column: name, opclass: gin_trgm_ops }}] }}\n"
    );
    let found = errors(&text, Postgres);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found
            .iter()
            .any(|f| f.contains("`citext`, which the extension `citext` provides")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.contains("`ltree`, which the extension `ltree` provides")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.contains("`gin_trgm_ops`, which the extension `pg_trgm` provides")),
        "{found:?}"
    );
    let declared = format!("extension: citext\n---\nextension: ltree\n---\nextension: pg_trgm\n---\n{text}");
    assert_eq!(errors(&declared, Postgres), Vec::<String>::new());
}

#[test]
fn other_databases_refuse_extensions_and_domains_and_take_enums() {
    let text = format!(
        "extension: citext\n---\ndomain: d\ntype: text\n---\nenum: mood\nvalues: [a, b]\n---\n{ACCOUNTS}  m: mood\n"
    );
    for dialect in [Mysql, Sqlite] {
        let found = errors(&text, dialect);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].contains("extension `citext` is a PostgreSQL extension"),
            "{found:?}"
        );
        assert!(found[1].contains("domain `d` is a PostgreSQL domain"), "{found:?}");
    }
    let enums = format!("enum: mood\nvalues: [a, 'it''s']\n---\n{ACCOUNTS}  m: mood\n");
    assert!(
        sql("", &enums, Mysql).contains("`m` enum('a','it''s') NOT NULL"),
        "{}",
        sql("", &enums, Mysql)
    );
    let sqlite = sql("", &enums, Sqlite);
    assert!(
        sqlite.contains("\"m\" TEXT NOT NULL CONSTRAINT \"accounts_m_check\" CHECK (\"m\" IN ('a', 'it''s'))"),
        "{sqlite}"
    );
}

#[test]
fn enums_and_domains_are_created_before_the_tables_and_dropped_after() {
    let after = format!(
        "extension: citext\n---\nenum: mood\nvalues: [a, b]\n---\ndomain: d\ntype: text\nchecks: [{{ expr: \"VALUE <> ''\" }}]\n---\n{ACCOUNTS}  m: mood\n  n: d\n  h: citext\n"
    );
    let created = sql("", &after, Postgres);
    let at = |what: &str| created.find(what).unwrap_or_else(|| panic!("{what} in {created}"));
    assert!(at("CREATE EXTENSION IF NOT EXISTS \"citext\"") < at("CREATE TYPE \"mood\" AS ENUM ('a', 'b')"));
    assert!(at("CREATE TYPE \"mood\"") < at("CREATE DOMAIN \"d\" AS text"));
    assert!(at("CREATE DOMAIN \"d\" AS text CONSTRAINT \"d_check\" CHECK (VALUE <> '')") < at("CREATE TABLE"));
    assert!(created.contains("\"m\" \"mood\" NOT NULL"), "{created}");
    // The down drops the table, then the types.
    let down = &created[at("--down--")..];
    assert!(
        down.find("DROP TABLE").unwrap() < down.find("DROP DOMAIN \"d\"").unwrap(),
        "{down}"
    );
    assert!(down.find("DROP TYPE \"mood\"").unwrap() < down.find("DROP EXTENSION IF EXISTS \"citext\"").unwrap());
    // Dropped when no longer declared (and no column uses them any more).
    let unused = after.split("---\ntable").next().unwrap().to_string() + "---\n" + ACCOUNTS;
    let dropped = sql(&unused, ACCOUNTS, Postgres);
    assert!(
        dropped.find("DROP DOMAIN \"d\"").unwrap() < dropped.find("DROP EXTENSION").unwrap(),
        "{dropped}"
    );
    assert!(dropped.contains("DROP TYPE \"mood\""), "{dropped}");
    assert!(
        dropped.contains("CREATE TYPE \"mood\" AS ENUM ('a', 'b')"),
        "the down: {dropped}"
    );
}

#[test]
fn values_added_go_first_in_a_migration_of_their_own() {
    let before = format!("enum: mood\nvalues: [sad, happy]\n---\n{ACCOUNTS}  m: {{ type: mood, default: sad }}\n");
    let after = before.replace("[sad, happy]", "[sad, ok, happy, wild]") + "  n: { type: mood, default: ok }\n";
    let planned = plan(&schema(&before), &schema(&after), Postgres).unwrap();
    let kinds: Vec<&UnitKind> = planned.units.iter().map(|u| &u.kind).collect();
    assert_eq!(kinds, [&UnitKind::EnumValues, &UnitKind::Main]);
    let text = sql(&before, &after, Postgres);
    assert!(
        text.contains("ALTER TYPE \"mood\" ADD VALUE IF NOT EXISTS 'ok' BEFORE 'happy'"),
        "{text}"
    );
    assert!(
        text.contains("ALTER TYPE \"mood\" ADD VALUE IF NOT EXISTS 'wild' AFTER 'happy'"),
        "{text}"
    );
    // One rebuild back to the two values, with the column's default around it.
    assert_eq!(text.matches("RENAME TO \"mood__old\"").count(), 1, "{text}");
    assert!(text.contains("CREATE TYPE \"mood\" AS ENUM ('sad', 'happy')"), "{text}");
    assert!(
        text.contains("ALTER COLUMN \"m\" TYPE \"mood\" USING \"m\"::text::\"mood\""),
        "{text}"
    );
    assert!(text.contains("ALTER COLUMN \"m\" SET DEFAULT 'sad'"), "{text}");
}

#[test]
fn removing_a_value_is_declared_and_builds_the_type_again() {
    let before = format!("enum: mood\nvalues: [sad, meh, happy]\n---\n{ACCOUNTS}  m: 'mood[]'\n");
    let undeclared = before.replace("[sad, meh, happy]", "[sad, happy]");
    let refused = plan(&schema(&before), &schema(&undeclared), Postgres).unwrap_err();
    assert!(
        refused[0]
            .message
            .contains("PostgreSQL cannot drop a value from an enum type"),
        "{refused:?}"
    );
    assert!(
        refused[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("removed_values: [meh]"),
        "{refused:?}"
    );
    let declared = undeclared.replace("values: [sad, happy]", "values: [sad, happy]\nremoved_values: [meh]");
    let text = sql(&before, &declared, Postgres);
    assert!(text.contains("CREATE TYPE \"mood\" AS ENUM ('sad', 'happy')"), "{text}");
    assert!(
        text.contains("TYPE \"mood\"[] USING \"m\"::text[]::\"mood\"[]"),
        "{text}"
    );
    assert!(
        text.contains("CREATE TYPE \"mood\" AS ENUM ('sad', 'meh', 'happy')"),
        "the down: {text}"
    );
}

#[test]
fn domain_changes_are_lock_safe_and_exact() {
    let before = format!("domain: d\ntype: integer\n---\n{ACCOUNTS}  n: d\n");
    let after = before.replace(
        "type: integer\n",
        "type: integer\nnullable: false\ndefault: 1\nchecks: [{ name: d_positive, expr: VALUE > 0 }]\n",
    );
    let planned = plan(&schema(&before), &schema(&after), Postgres).unwrap();
    let kinds: Vec<&UnitKind> = planned.units.iter().map(|u| &u.kind).collect();
    assert_eq!(kinds, [&UnitKind::Main, &UnitKind::Validate]);
    let text = sql(&before, &after, Postgres);
    for statement in [
        "ALTER DOMAIN \"d\" SET DEFAULT 1",
        "ALTER DOMAIN \"d\" SET NOT NULL",
        "ALTER DOMAIN \"d\" ADD CONSTRAINT \"d_positive\" CHECK (VALUE > 0) NOT VALID",
        "ALTER DOMAIN \"d\" VALIDATE CONSTRAINT \"d_positive\"",
        "ALTER DOMAIN \"d\" DROP CONSTRAINT \"d_positive\"",
        "ALTER DOMAIN \"d\" DROP NOT NULL",
        "ALTER DOMAIN \"d\" DROP DEFAULT",
    ] {
        assert!(text.contains(statement), "{statement} in {text}");
    }
    let retyped = before.replace("domain: d\ntype: integer", "domain: d\ntype: bigint");
    let refused = plan(&schema(&before), &schema(&retyped), Postgres).unwrap_err();
    assert!(
        refused[0].message.contains("cannot change a domain's type"),
        "{refused:?}"
    );
}

#[test]
fn renames_are_in_place_and_the_columns_follow() {
    let before = format!("enum: feeling\nvalues: [sad, glad]\n---\ndomain: amount\ntype: integer\n---\n{ACCOUNTS}  m: feeling\n  a: amount\n");
    let after = format!(
        "enum: mood\nrenamed_from: feeling\nvalues: [sad, happy]\nrenamed_values: {{ happy: glad }}\n---\ndomain: price\nrenamed_from: amount\ntype: integer\n---\n{ACCOUNTS}  m: mood\n  a: price\n"
    );
    let text = sql(&before, &after, Postgres);
    assert!(text.contains("ALTER TYPE \"feeling\" RENAME TO \"mood\""), "{text}");
    assert!(
        text.contains("ALTER TYPE \"mood\" RENAME VALUE 'glad' TO 'happy'"),
        "{text}"
    );
    assert!(text.contains("ALTER DOMAIN \"amount\" RENAME TO \"price\""), "{text}");
    assert!(!text.contains("ALTER TABLE"), "the columns keep their types: {text}");
    let refused = plan(&schema(&before), &schema(&after), Mysql).unwrap_err();
    assert!(
        refused
            .iter()
            .any(|d| d.message.contains("renamed to `happy`, which mysql cannot do in place")),
        "{refused:?}"
    );
}

#[test]
fn mysql_adds_values_at_the_end_in_place() {
    let before = format!("enum: mood\nvalues: [sad, happy]\n---\n{ACCOUNTS}  m: mood\n");
    let at_end = before.replace("[sad, happy]", "[sad, happy, wild]");
    let text = sql(&before, &at_end, Mysql);
    assert!(
        text.contains("MODIFY COLUMN `m` enum('sad','happy','wild') NOT NULL"),
        "{text}"
    );
    assert!(!text.contains("ALGORITHM=COPY"), "{text}");
    let in_between = before.replace("[sad, happy]", "[sad, ok, happy]");
    assert!(sql(&before, &in_between, Mysql).contains("ALGORITHM=COPY"));
}

#[test]
fn diesel_types_of_domains_and_citext_come_from_the_schema() {
    let s = schema(&format!(
        "extension: citext\n---\ndomain: price\ntype: numeric(12,2)\n---\nenum: mood\nvalues: [a]\n---\n{ACCOUNTS}  p: price\n  h: citext\n  m: {{ type: mood, diesel_type: crate::sql_types::Mood }}\n"
    ));
    let map = crate::diesel_schema::TableMap::default();
    let text = crate::diesel_schema::schema_file(&s, &map, Postgres).unwrap();
    assert!(text.contains("p -> ::diesel::sql_types::Numeric,"), "{text}");
    assert!(text.contains("h -> ::diesel::sql_types::Text,"), "{text}");
    assert!(text.contains("m -> crate::sql_types::Mood,"), "{text}");
    // Without `diesel_type`, a PostgreSQL enum is an error that says how to name one.
    let bare = schema(&format!("enum: mood\nvalues: [a]\n---\n{ACCOUNTS}  m: mood\n"));
    let problems = crate::diesel_schema::schema_file(&bare, &map, Postgres).unwrap_err();
    assert!(
        problems[0]
            .message
            .contains("#[diesel(postgres_type(name = \"mood\"))]"),
        "{}",
        problems[0].message
    );
    // On MySQL the inline ENUM is text.
    assert!(crate::diesel_schema::schema_file(&bare, &map, Mysql)
        .unwrap()
        .contains("m -> ::diesel::sql_types::Text,"));
}

#[test]
fn a_rebuild_under_a_domain_is_refused() {
    let before = format!("enum: mood\nvalues: [a, b]\n---\ndomain: d\ntype: mood\n---\n{ACCOUNTS}  m: d\n");
    let after = before.replace("values: [a, b]", "values: [b, a]");
    let refused = plan(&schema(&before), &schema(&after), Postgres).unwrap_err();
    assert!(refused[0].message.contains("but domain `d` is over it"), "{refused:?}");
}

#[test]
fn values_added_next_to_a_renamed_one_are_placed_by_its_old_name() {
    let before = format!("enum: mood\nvalues: [sad, glad]\n---\n{ACCOUNTS}  m: mood\n");
    let after = before.replace(
        "values: [sad, glad]",
        "values: [sad, ok, happy]\nrenamed_values: { happy: glad }",
    );
    let text = sql(&before, &after, Postgres);
    assert!(text.contains("ADD VALUE IF NOT EXISTS 'ok' BEFORE 'glad'"), "{text}");
    assert!(text.contains("RENAME VALUE 'glad' TO 'happy'"), "{text}");
    // The down builds the type as it was, in the old names (the rename is reverted first).
    assert!(text.contains("CREATE TYPE \"mood\" AS ENUM ('sad', 'glad')"), "{text}");
}

#[test]
fn an_extension_may_name_its_schema_and_version() {
    let text = sql("", "extension: ltree\nschema: public\nversion: '1.2'\n", Postgres);
    assert!(
        text.contains("CREATE EXTENSION IF NOT EXISTS \"ltree\" WITH SCHEMA \"public\" VERSION '1.2'"),
        "{text}"
    );
    assert!(text.contains("DROP EXTENSION IF EXISTS \"ltree\""), "{text}");
}

#[test]
fn an_enum_column_may_be_indexed_and_a_key_everywhere() {
    let text = format!("enum: mood\nvalues: [a, b]\n---\n{ACCOUNTS}  m: {{ type: mood, index: true }}\n  n: {{ type: mood, unique: true }}\n");
    for dialect in [Postgres, Mysql, Sqlite] {
        assert_eq!(errors(&text, dialect), Vec::<String>::new(), "{dialect}");
        let created = sql("", &text, dialect);
        assert!(created.contains("idx_accounts_m"), "{dialect}: {created}");
    }
}

//! One test per rule: the code, the message and the help when the rule fires, and silence when
//! the schema is fixed. Schemas are written in YAML, the shortest way to write one.

use super::{check_schema, check_table};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::dialect::Dialect::{self, Mysql, Postgres, Sqlite};
use crate::model::Schema;
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

/// A schema from YAML documents that parse cleanly, references resolved as the project does.
fn schema(text: &str) -> Schema {
    let (tables, problems) = parse_str(&dedent(text), None);
    assert!(
        problems.is_empty(),
        "the fixture itself has problems:\n{}",
        Diagnostics(problems)
    );
    let mut schema = Schema {
        tables,
        ..Default::default()
    };
    schema.resolve_references();
    schema
}

fn found(text: &str, dialect: Dialect) -> Vec<Diagnostic> {
    check_schema(&schema(text), dialect)
}

fn codes(text: &str, dialect: Dialect) -> Vec<&'static str> {
    found(text, dialect).iter().map(|d| d.code).collect()
}

/// The diagnostics with `code`.
fn with_code(text: &str, dialect: Dialect, code: &str) -> Vec<Diagnostic> {
    found(text, dialect).into_iter().filter(|d| d.code == code).collect()
}

/// The one diagnostic with `code`.
#[track_caller]
fn one(text: &str, dialect: Dialect, code: &str) -> Diagnostic {
    let mut list = with_code(text, dialect, code);
    assert_eq!(
        list.len(),
        1,
        "expected one `{code}` on {dialect}, found:\n{}",
        Diagnostics(found(text, dialect))
    );
    list.remove(0)
}

/// No diagnostic with `code`, on any dialect.
#[track_caller]
fn none(text: &str, code: &str) {
    for dialect in Dialect::ALL {
        let list = with_code(text, dialect, code);
        assert!(
            list.is_empty(),
            "unexpected `{code}` on {dialect}:\n{}",
            Diagnostics(list)
        );
    }
}

#[track_caller]
fn expect(diagnostic: &Diagnostic, severity: Severity, message: &str, help: &str) {
    assert_eq!(diagnostic.severity, severity, "{diagnostic}");
    assert_eq!(diagnostic.message, message);
    assert_eq!(diagnostic.help.as_deref(), Some(help));
}

#[track_caller]
fn error(diagnostic: &Diagnostic, message: &str, help: &str) {
    expect(diagnostic, Severity::Error, message, help);
}

const PORTABLE: &str = "
    table: locations
    comment: Where things are
    columns:
      location_id: { type: bigint, primary_key: true }
      code: { type: varchar(20), unique: true }
    ---
    table: lots
    comment: Lots of things
    columns:
      lot_id: { type: uuid, primary_key: true, default_sql: gen_random_uuid() }
      code: { type: varchar(50), comment: The code }
      status: { type: varchar(10), values: [OPEN, CLOSED], default: OPEN }
      quantity: { type: 'numeric(12,3)', default: 0, check: quantity >= 0 }
      location_id: { type: bigint, nullable: true, references: locations, on_delete: set_null, index: true }
      received: { type: date, nullable: true, default: '2024-01-31' }
      at: { type: time, default: '13:45:00' }
      created_at: { type: timestamptz, default_sql: now() }
      updated_at: { type: timestamp, default: '2024-01-31 13:45:00', set_on_update: true }
      attributes: { type: json, default: '{\"a\": 1}' }
      small: { type: smallint, default: -32768 }
      flag: { type: boolean, default: true }
    uniques:
      - columns: [code, status]
    checks:
      - expr: quantity < 1000000
    indexes:
      - columns: [status, received]
";

#[test]
fn a_portable_schema_passes_every_rule_on_every_dialect() {
    for dialect in Dialect::ALL {
        let found = found(PORTABLE, dialect);
        assert!(found.is_empty(), "{dialect}:\n{}", Diagnostics(found));
    }
    for table in &schema(PORTABLE).tables {
        assert!(check_table(table, None).is_empty());
    }
}

// ---------------------------------------------------------------------------------------------
// Keys and columns
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_primary_key() {
    let text = "table: notes\ncolumns:\n  body: text\n";
    for dialect in Dialect::ALL {
        error(
            &one(text, dialect, "missing-primary-key"),
            "table `notes` has no primary key",
            "diesel's `table!` needs one: `primary_key: true` on a column, or a composite key on the table: `primary_key: [a, b]`",
        );
    }
    none(
        "table: notes\ncolumns:\n  id: { type: bigint, primary_key: true }\n",
        "missing-primary-key",
    );
}

#[test]
fn unknown_column_in_the_primary_key() {
    let d = one(
        "table: notes\nprimary_key: [id, nope]\ncolumns:\n  id: bigint\n",
        Postgres,
        "unknown-column",
    );
    error(
        &d,
        "primary key of `notes` names unknown column `nope`",
        "columns are: id",
    );
}

#[test]
fn nullable_primary_key() {
    let d = one(
        "table: notes\ncolumns:\n  id: { type: bigint, primary_key: true, nullable: true }\n",
        Sqlite,
        "nullable-primary-key",
    );
    error(
        &d,
        "primary-key column `notes.id` is nullable",
        "primary keys are NOT NULL; remove `nullable: true`",
    );
    none(
        "table: notes\ncolumns:\n  id: { type: bigint, primary_key: true }\n",
        "nullable-primary-key",
    );
}

#[test]
fn postgres_types_and_arrays_are_unsupported_elsewhere_without_a_native_type() {
    let text = "table: t\ncolumns:\n  id: { type: integer, primary_key: true }\n  tags: 'text[]'\n  host: inet\n";
    assert!(with_code(text, Postgres, "unsupported-feature").is_empty());
    let list = with_code(text, Mysql, "unsupported-feature");
    assert_eq!(list.len(), 2, "{}", Diagnostics(list.clone()));
    error(
        &list[0],
        "`t.tags` is `text[]`, an array only PostgreSQL has; mysql has no such column type",
        "give mysql a type of its own, e.g. `native_type: { mysql: text }`, or use a portable type",
    );
    error(
        &list[1],
        "`t.host` is `inet`, a type only PostgreSQL has; mysql has no such column type",
        "give mysql a type of its own, e.g. `native_type: { mysql: text }`, or use a portable type",
    );
    assert_eq!(with_code(text, Sqlite, "unsupported-feature").len(), 2);
    none(
        "table: t\ncolumns:\n  id: { type: integer, primary_key: true }\n  tags: { type: 'text[]', native_type: { mysql: json, sqlite: text } }\n",
        "unsupported-feature",
    );
    // Unbounded varchar and char(n) are portable.
    none(
        "table: t\ncolumns:\n  id: { type: integer, primary_key: true }\n  a: varchar\n  b: char(2)\n",
        "unsupported-feature",
    );
}

#[test]
fn generated_columns_take_nothing_else_and_fit_each_database() {
    let ok = "table: t\ncolumns:\n  id: { type: integer, primary_key: true }\n  a: integer\n  b: { type: integer, generated: a * 2, nullable: true }\n";
    none(ok, "generated-column");
    none(ok, "unsupported-feature");
    let d = one(
        "table: t\ncolumns:\n  id: { type: integer, primary_key: true }\n  a: integer\n  b: { type: integer, generated: a * 2, default: 1 }\n",
        Postgres,
        "generated-column",
    );
    error(
        &d,
        "`t.b` is generated and also has a default",
        "the database computes a generated column from its expression alone: remove one of the two",
    );
    let virtual_not_null = "table: t\ncolumns:\n  id: { type: integer, primary_key: true }\n  a: integer\n  b: { type: integer, generated: a * 2, stored: false }\n";
    let d = one(virtual_not_null, Postgres, "unsupported-feature");
    error(
        &d,
        "`t.b` is a virtual generated column; PostgreSQL (before 18) keeps generated columns only STORED",
        "remove `stored: false`: the value is computed on every write and kept",
    );
    let d = one(virtual_not_null, Mysql, "unsupported-feature");
    error(
        &d,
        "`t.b` is a NOT NULL generated column; MariaDB has no NOT NULL on generated columns",
        "add `nullable: true` (the expression decides whether the value can be NULL)",
    );
    assert!(with_code(virtual_not_null, Sqlite, "unsupported-feature").is_empty());
}

#[test]
fn serial_outside_the_key_is_unsupported_on_sqlite_and_mysql() {
    let composite = "table: t\nprimary_key: [id, part]\ncolumns:\n  id: serial\n  part: integer\n";
    let d = one(composite, Sqlite, "unsupported-feature");
    error(
        &d,
        "`t.id` is serial but not the table's key: SQLite auto-increments only a single-column INTEGER PRIMARY KEY",
        "make it the primary key, or use `integer`/`bigint` with an explicit value",
    );
    // MySQL auto-increments the leading key column: allowed there, and on PostgreSQL.
    assert!(with_code(composite, Mysql, "unsupported-feature").is_empty());
    assert!(with_code(composite, Postgres, "unsupported-feature").is_empty());

    let trailing = "table: t\nprimary_key: [part, id]\ncolumns:\n  id: bigserial\n  part: integer\n";
    let d = one(trailing, Mysql, "unsupported-feature");
    error(
        &d,
        "`t.id` is bigserial but not the table's key: MySQL auto-increments only the first column of the primary key",
        "make it the primary key, or use `integer`/`bigint` with an explicit value",
    );
    none(
        "table: t\ncolumns:\n  id: { type: serial, primary_key: true }\n",
        "unsupported-feature",
    );
}

#[test]
fn serial_with_a_default() {
    let d = one(
        "table: t\ncolumns:\n  id: { type: serial, primary_key: true, default: 1 }\n",
        Postgres,
        "default-type-mismatch",
    );
    error(
        &d,
        "`t.id` is serial and also has a default",
        "serial columns get their values from the database; remove the default",
    );
}

#[test]
fn defaults_that_do_not_fit_the_type() {
    let text = r#"
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          a: { type: date, default_sql: now() }
          b: { type: text, default_sql: gen_random_uuid() }
          c: { type: smallint, default: 40000 }
          d: { type: integer, default: 1.5 }
          e: { type: 'numeric(5,2)', default: 1.234 }
          f: { type: 'numeric(5,2)', default: 1234 }
          g: { type: varchar(3), default: long }
          h: { type: text, values: [A, B], default: C }
          i: { type: date, default: '2024-13-01' }
          j: { type: time, default: '25:00' }
          k: { type: timestamptz, default: yesterday }
          l: { type: uuid, default: not-a-uuid }
          m: { type: jsonb, default: '{oops' }
          n: { type: integer, default: '5' }
          o: { type: text, default: 5 }
          p: { type: boolean, default: 1 }
          q: { type: bigint, default: 9999999999999999999 }
          r: { type: text, default: "a\0b" }
          s: { type: integer, default: abc }
    "#;
    let messages: Vec<(String, Option<String>)> = with_code(text, Postgres, "default-type-mismatch")
        .into_iter()
        .map(|d| (d.message, d.help))
        .collect();
    let change = Some("change the value or the column type".to_string());
    assert_eq!(
        messages,
        [
            (
                "default of `t.a` (date): `now()` fits timestamp and timestamptz columns only".into(),
                Some("make the column `timestamptz`, or use a default that fits, e.g. `default_sql: CURRENT_DATE`".into())
            ),
            ("default of `t.b` (text): `gen_random_uuid()` fits uuid columns only".into(), Some("make the column `uuid`".into())),
            ("default of `t.c` (smallint): the number `40000` is out of range for smallint".into(), change.clone()),
            ("default of `t.d` (integer): the number `1.5` is not a whole number in range".into(), change.clone()),
            ("default of `t.e` (numeric(5,2)): the number `1.234` has more than 2 decimal places".into(), change.clone()),
            ("default of `t.f` (numeric(5,2)): the number `1234` has more than 3 digits before the point".into(), change.clone()),
            ("default of `t.g` (varchar(3)): the string \"long\" is longer than 3 characters".into(), change.clone()),
            ("default of `t.h` (text): the string \"C\" is not one of the allowed values (A, B)".into(), change.clone()),
            ("default of `t.i` (date): the string \"2024-13-01\" is not a date like '2024-01-31'".into(), change.clone()),
            ("default of `t.j` (time): the string \"25:00\" is not a time like '13:45:00'".into(), change.clone()),
            (
                "default of `t.k` (timestamptz): the string \"yesterday\" is not a timestamp like '2024-01-31 13:45:00'".into(),
                change.clone()
            ),
            ("default of `t.l` (uuid): the string \"not-a-uuid\" is not a UUID".into(), change.clone()),
            (
                "default of `t.m` (jsonb): the string \"{oops\" is not valid JSON (key must be a string at line 1 column 2)".into(),
                change.clone()
            ),
            ("default of `t.n` (integer): the string \"5\" is quoted; write the number without quotes".into(), change.clone()),
            ("default of `t.o` (text): the number `5` is a number; quote it to store text".into(), change.clone()),
            ("default of `t.p` (boolean): the number `1` does not fit this type".into(), change.clone()),
            ("default of `t.q` (bigint): the number `9999999999999999999` is not a whole number in range".into(), change.clone()),
            ("default of `t.r` (text): NUL characters cannot be stored".into(), change.clone()),
            ("default of `t.s` (integer): the string \"abc\" is not a number".into(), change.clone()),
        ]
    );

    let fitting = r#"
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          a: { type: timestamp, default_sql: now() }
          b: { type: uuid, default_sql: gen_random_uuid() }
          c: { type: smallint, default: -32768 }
          e: { type: 'numeric(5,2)', default: -123.45 }
          f: { type: 'numeric(5,2)', default: 0.500 }
          g: { type: varchar(4), default: long }
          i: { type: date, default: '2024-02-29' }
          j: { type: time, default: '13:45:00.123+02' }
          k: { type: timestamptz, default: '2024-01-31T13:45:00Z' }
          l: { type: uuid, default: 0e8f2a3c-1b4d-4e5f-8a6b-7c8d9e0f1a2b }
          m: { type: jsonb, default: '[1, {"a": null}]' }
          p: { type: boolean, default: false }
          q: { type: double, default: -1.25 }
          r: { type: numeric, default: 123456789.123456789 }
          s: { type: date, default_sql: CURRENT_DATE }
    "#;
    none(fitting, "default-type-mismatch");
}

#[test]
fn enum_values() {
    let text = r#"
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          a: { type: integer, values: ['1', '2'] }
          b: { type: text, values: [] }
          c: { type: varchar(5), values: [OPEN, OPEN, CLOSED_FOR_GOOD, "x\0"] }
    "#;
    let found: Vec<(String, Option<String>)> = with_code(text, Postgres, "enum-values")
        .into_iter()
        .map(|d| (d.message, d.help))
        .collect();
    let s = |text: &str| text.to_string();
    assert_eq!(
        found,
        [
            (
                s("`t.a`: `values` needs a text column, not integer"),
                Some(s("use `varchar(n)` or `text`"))
            ),
            (
                s("`t.b`: `values` is empty"),
                Some(s("list the allowed values, or remove `values`"))
            ),
            (
                s("`t.c`: value \"OPEN\" is listed twice"),
                Some(s("remove the duplicate"))
            ),
            (
                s("`t.c`: value \"CLOSED_FOR_GOOD\" is longer than varchar(5)"),
                Some(s("widen the column or shorten the value"))
            ),
            (s("`t.c`: a value contains a NUL character"), Some(s("remove it"))),
        ]
    );
    none("table: t\ncolumns:\n  id: { type: bigint, primary_key: true }\n  c: { type: varchar(6), values: [OPEN, CLOSED] }\n", "enum-values");
}

#[test]
fn set_on_update() {
    let text = "
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          touched: { type: date, set_on_update: true }
          updated_at: { type: timestamptz, set_on_update: true }
    ";
    let found = with_code(text, Postgres, "set-on-update");
    assert_eq!(found.len(), 2, "{}", Diagnostics(found));
    error(
        &found[0],
        "`t.touched` is date; set_on_update needs timestamp or timestamptz",
        "make the column `timestamptz`",
    );
    error(
        &found[1],
        "table `t` has more than one set_on_update column",
        "keep one `updated_at`-style column per table",
    );
    none("table: t\ncolumns:\n  id: { type: bigint, primary_key: true }\n  u: { type: timestamp, set_on_update: true }\n", "set-on-update");
}

#[test]
fn native_types_are_type_names() {
    let text = r#"
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          a: { type: text, native_type: { postgres: "text); DROP TABLE t; --" } }
          b: { type: text, native_type: { mysql: "varchar(10" } }
          c: { type: text, native_type: { sqlite: "  " } }
          d: { type: text, native_type: { postgres: "text, evil integer" } }
          e: { type: text, native_type: { postgres: "x) NOT NULL, CHECK (true" } }
    "#;
    let found = with_code(text, Postgres, "invalid-native-type");
    let help = "write a type such as `citext`, `varchar(255)` or `text[]`: letters, digits, spaces, commas inside parentheses, and `[]` for arrays";
    let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "native postgres type `text); DROP TABLE t; --` of `t.a` is not a type name",
            "native mysql type `varchar(10` of `t.b` is not a type name",
            "native sqlite type `  ` of `t.c` is not a type name",
            // A comma or parenthesis that would close the column definition and start another.
            "native postgres type `text, evil integer` of `t.d` is not a type name",
            "native postgres type `x) NOT NULL, CHECK (true` of `t.e` is not a type name",
        ]
    );
    assert!(found.iter().all(|d| d.help.as_deref() == Some(help)));
    none(
        "table: t\ncolumns:\n  id: { type: bigint, primary_key: true }\n  a: { type: text, native_type: { postgres: 'numeric(12, 3)', mysql: 'varchar(255)', sqlite: TEXT COLLATE NOCASE } }\n  tags: { type: text, index: gin, native_type: { postgres: 'text[]' } }\n",
        "invalid-native-type",
    );
}

#[test]
fn diesel_types_are_rust_paths() {
    let d = one(
        "table: t\ncolumns:\n  id: { type: bigint, primary_key: true }\n  a: { type: text, diesel_type: 'not a path' }\n",
        Postgres,
        "invalid-diesel-type",
    );
    error(
        &d,
        "diesel_type `not a path` of `t.a` is not a Rust path",
        "e.g. `diesel::sql_types::Citext` or `crate::schema::sql_types::Mood`",
    );
    none(
        "table: t\ncolumns:\n  id: { type: bigint, primary_key: true }\n  a: { type: text, diesel_type: 'diesel::sql_types::Array<diesel::sql_types::Text>' }\n",
        "invalid-diesel-type",
    );
}

#[test]
fn comments() {
    let nul = "table: t\ncomment: \"a\\0b\"\ncolumns:\n  id: { type: bigint, primary_key: true, comment: \"c\\0d\" }\n";
    let found = with_code(nul, Postgres, "invalid-comment");
    assert_eq!(found.len(), 2);
    error(&found[0], "the comment of `t.id` contains a NUL character", "remove it");
    error(&found[1], "the comment of `t` contains a NUL character", "remove it");

    let long = format!(
        "table: t\ncomment: {}\ncolumns:\n  id: {{ type: bigint, primary_key: true, comment: {} }}\n",
        "x".repeat(2049),
        "y".repeat(1025)
    );
    let found = with_code(&long, Mysql, "invalid-comment");
    assert_eq!(found.len(), 2);
    error(
        &found[0],
        "the comment of `t.id` is longer than MySQL's 1024 characters",
        "shorten it",
    );
    error(
        &found[1],
        "the comment of `t` is longer than MySQL's 2048 characters",
        "shorten it",
    );
    // Only MySQL limits comments; at the limit is fine.
    assert!(with_code(&long, Postgres, "invalid-comment").is_empty());
    let at_limit = format!(
        "table: t\ncomment: {}\ncolumns:\n  id: {{ type: bigint, primary_key: true, comment: {} }}\n",
        "x".repeat(2048),
        "é".repeat(1024)
    );
    none(&at_limit, "invalid-comment");
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

#[test]
fn identifiers_must_be_plain() {
    let text = r#"
        table: "lots; DROP TABLE x"
        columns:
          "id\"": { type: bigint, primary_key: true }
          ok: varchar(10)
        indexes:
          - name: "idx lots"
            columns: [ok]
    "#;
    let found = with_code(text, Postgres, "invalid-identifier");
    let help = "use letters, digits and underscores, starting with a letter or underscore (names are always quoted in SQL, but must also work as Rust identifiers in `table!`)";
    let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "table name `lots; DROP TABLE x` is not a plain identifier",
            "column name `id\\\"` is not a plain identifier",
            "constraint name `lots; DROP TABLE x_pkey` is not a plain identifier",
            "index name `idx lots` is not a plain identifier",
        ]
    );
    assert!(found.iter().all(|d| d.help.as_deref() == Some(help)));
    none(PORTABLE, "invalid-identifier");
}

/// PostgreSQL keeps 63 bytes of a name, the fewest of the three databases (MySQL keeps 64
/// characters, SQLite any length). The limit holds for PostgreSQL, SQLite (so a schema moves to
/// PostgreSQL without renames) and the derive that does not know its database; MySQL has its own.
#[test]
fn identifiers_over_63_bytes_on_postgres_and_sqlite() {
    // The generated index name here is 67 bytes.
    let table = "t".repeat(54);
    let text = format!(
        "table: {table}\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\n  quantity: {{ type: integer, index: true }}\n"
    );
    for dialect in [Postgres, Sqlite] {
        let d = one(&text, dialect, "identifier-too-long");
        error(
            &d,
            &format!(
                "index name `idx_{table}_quantity` is 67 bytes, over the 63 bytes a name may have on every database; PostgreSQL would silently truncate it to `{}`",
                &format!("idx_{table}_quantity")[..63]
            ),
            "give it a shorter explicit name: `name: <shorter name>`",
        );
        // It points at the key that makes the index.
        assert_eq!((d.origin.line, d.origin.column), (4, 30), "{d}");
    }
    // The derive checks it without knowing the database, too.
    let (tables, _) = parse_str(&text, None);
    assert_eq!(
        check_table(&tables[0], None)
            .iter()
            .filter(|d| d.code == "identifier-too-long")
            .count(),
        1
    );

    let named =
        text.replace("index: true", "index: false") + "indexes:\n  - name: idx_short\n    columns: [quantity]\n";
    none(&named, "identifier-too-long");

    let long_column = format!(
        "table: t\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\n  {}: text\n",
        "c".repeat(64)
    );
    let d = one(&long_column, Sqlite, "identifier-too-long");
    assert_eq!(d.help.as_deref(), Some("choose a shorter name"));
    assert!(d.message.starts_with(&format!(
        "column name `{}` is 64 bytes, over the 63 bytes a name may have on every database",
        "c".repeat(64)
    )));
    let exactly = format!(
        "table: t\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\n  {}: text\n",
        "c".repeat(63)
    );
    none(&exactly, "identifier-too-long");

    // A long table name is reported once, not again in `<table>_pkey` and the index names made
    // from it.
    let long_table = format!(
        "table: {}\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\n  code: {{ type: text, index: true }}\n",
        "t".repeat(64)
    );
    let d = one(&long_table, Postgres, "identifier-too-long");
    assert!(d.message.starts_with("table name"), "{d}");
}

/// MySQL keeps 64 characters, and refuses a longer name. Its primary key is always `PRIMARY`, and
/// `set_on_update` is an `ON UPDATE` clause, so `<table>_pkey` and the trigger names made from a
/// long table name are no names on MySQL.
#[test]
fn identifiers_over_64_characters_on_mysql() {
    let table = "t".repeat(64);
    let text = format!(
        "table: {table}\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\n  changed_at: {{ type: timestamptz, default: now, set_on_update: true }}\n  code: varchar(20)\nindexes:\n  - {{ name: idx_code, columns: [code] }}\n"
    );
    assert!(
        with_code(&text, Mysql, "identifier-too-long").is_empty(),
        "{}",
        Diagnostics(found(&text, Mysql))
    );
    // PostgreSQL would cut the table's name (and refuse the names made from it).
    assert_eq!(with_code(&text, Postgres, "identifier-too-long").len(), 1);

    // 60 characters: `<table>_pkey`, `<table>_set_changed_at` are over 64, and not MySQL's.
    let sixty = text.replace(&table, &"t".repeat(60));
    assert!(
        with_code(&sixty, Mysql, "identifier-too-long").is_empty(),
        "{}",
        Diagnostics(found(&sixty, Mysql))
    );
    assert!(!with_code(&sixty, Postgres, "identifier-too-long").is_empty());

    let longer = text.replace(&table, &"t".repeat(65));
    let d = one(&longer, Mysql, "identifier-too-long");
    error(
        &d,
        &format!(
            "table name `{}` is 65 characters, over the 64 characters MySQL allows: the migration would fail",
            "t".repeat(65)
        ),
        "choose a shorter name: `table: <shorter name>`",
    );
    // Names MySQL does give count: the generated index name of a long column.
    let index = format!(
        "table: t\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\n  {}: {{ type: integer, index: true }}\n",
        "c".repeat(60)
    );
    let d = one(&index, Mysql, "identifier-too-long");
    assert!(
        d.message
            .starts_with(&format!("index name `idx_t_{}` is 66 characters", "c".repeat(60))),
        "{d}"
    );
}

#[test]
fn duplicate_names_within_a_table() {
    let text = "
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          a: { type: integer, unique: true }
          b: integer
        indexes:
          - name: t_a_key
            columns: [b]
        checks:
          - name: t_pkey
            expr: b > 0
    ";
    let found = with_code(text, Postgres, "duplicate-name");
    assert_eq!(found.len(), 2, "{}", Diagnostics(found));
    let help = "give one of them another explicit name: `name: ...`";
    error(
        &found[0],
        "constraint name `t_pkey` on `t` is already used by a constraint of the same table",
        help,
    );
    error(
        &found[1],
        "index name `t_a_key` on `t` is already used by a constraint of the same table",
        help,
    );
    none(PORTABLE, "duplicate-name");
}

#[test]
fn duplicate_names_across_tables() {
    let text = "
        table: a
        columns:
          id: { type: bigint, primary_key: true }
          code: { type: varchar(10), index: true }
        ---
        table: b
        columns:
          id: { type: bigint, primary_key: true }
          code: varchar(10)
        indexes:
          - name: idx_a_code
            columns: [code]
          - name: a
            columns: [id, code]
    ";
    let found = with_code(text, Sqlite, "duplicate-name");
    assert_eq!(found.len(), 2, "{}", Diagnostics(found));
    let help = "every table, index and constraint name must be unique in the schema; give this one another explicit name: `name: ...`";
    error(
        &found[0],
        "index name `idx_a_code` on `b` is already used by an index on `a`",
        help,
    );
    error(&found[1], "index name `a` on `b` is already used by a table", help);
}

/// MySQL keeps index names (and unique constraints, which are indexes there) per table, as an
/// imported MySQL database has them: the index MySQL adds for a foreign key takes the column's
/// name, on every table that has such a key, and a named key's index takes the key's name.
#[test]
fn mysql_index_names_are_per_table() {
    let text = "
        table: a
        columns:
          id: { type: bigint, primary_key: true }
          account_id: bigint
        uniques:
          - { name: account_id, columns: [account_id] }
        ---
        table: b
        columns:
          id: { type: bigint, primary_key: true }
          account_id: bigint
        indexes:
          - { name: account_id, columns: [account_id] }
          - { name: b_account_fk, columns: [account_id, id] }
        foreign_keys:
          - { name: b_account_fk, columns: [account_id], references: a(account_id), on_delete: restrict }
    ";
    assert!(
        with_code(text, Mysql, "duplicate-name").is_empty(),
        "{}",
        Diagnostics(found(text, Mysql))
    );
    for dialect in [Postgres, Sqlite] {
        let found = with_code(text, dialect, "duplicate-name");
        assert_eq!(found.len(), 2, "{dialect}: {}", Diagnostics(found));
    }
    // Foreign keys are still unique in a MySQL database, and two indexes in one table.
    let clashing = text.replace(
        "name: b_account_fk, columns: [account_id, id]",
        "name: account_id, columns: [id, account_id]",
    ) + "
        ---
        table: c
        columns:
          id: { type: bigint, primary_key: true }
          account_id: bigint
        foreign_keys:
          - { name: b_account_fk, columns: [account_id], references: a(account_id), on_delete: restrict }
    ";
    let found = with_code(&clashing, Mysql, "duplicate-name");
    let messages: Vec<String> = found.iter().map(|d| d.message.clone()).collect();
    assert_eq!(
        messages,
        [
            "index name `account_id` on `b` is already used by an index of the same table",
            "constraint name `b_account_fk` on `c` is already used by a constraint on `b`",
        ],
        "{}",
        Diagnostics(found)
    );
}

/// A default of the current time fits a column whose native type on the database holds a time
/// (an imported MySQL or SQLite `DATETIME`), though its portable type is `text`.
#[test]
fn current_time_fits_a_native_date_time_type() {
    let text = "
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          at: { type: text, native_type: { mysql: datetime, sqlite: DATETIME }, default_sql: CURRENT_TIMESTAMP }
    ";
    assert!(with_code(text, Mysql, "default-type-mismatch").is_empty());
    assert!(with_code(text, Sqlite, "default-type-mismatch").is_empty());
    assert_eq!(with_code(text, Postgres, "default-type-mismatch").len(), 1);
}

#[test]
fn duplicate_tables() {
    let text = "
        table: a
        columns:
          id: { type: bigint, primary_key: true }
        ---
        table: a
        columns:
          id: { type: bigint, primary_key: true }
    ";
    // One error for the table; its constraints, which collide too, are not repeated.
    assert_eq!(codes(text, Postgres), ["duplicate-table"]);
    error(
        &one(text, Postgres, "duplicate-table"),
        "table name `a` is already used by a table",
        "every table, index and constraint name must be unique in the schema; rename one of them",
    );
}

#[test]
fn duplicate_columns() {
    // YAML refuses a repeated key while parsing; a model can still get one through `name`.
    let mut schema = schema("table: t\ncolumns:\n  id: { type: bigint, primary_key: true }\n  a: integer\n");
    let mut copy = schema.tables[0].columns[1].clone();
    copy.origin = crate::model::Origin::at(None, 9, 3);
    schema.tables[0].columns.push(copy);
    schema.tables[0].columns[1].origin = crate::model::Origin::at(None, 4, 3);
    let found: Vec<Diagnostic> = check_schema(&schema, Postgres)
        .into_iter()
        .filter(|d| d.code == "duplicate-column")
        .collect();
    assert_eq!(found.len(), 1);
    error(
        &found[0],
        "column `t.a` is declared twice",
        "the first declaration is at <input>:4:3",
    );
    assert_eq!(found[0].origin.line, 9);
}

// ---------------------------------------------------------------------------------------------
// Indexes
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_columns_in_keys_and_indexes() {
    let text = "
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          a: integer
        uniques:
          - columns: [a, nope]
        indexes:
          - columns: [gone]
    ";
    let found = with_code(text, Postgres, "unknown-column");
    assert_eq!(found.len(), 2);
    error(
        &found[0],
        "unique constraint `t_a_nope_key` names unknown column `t.nope`",
        "columns are: id, a",
    );
    error(
        &found[1],
        "index `idx_t_gone` names unknown column `t.gone`",
        "columns are: id, a",
    );
}

#[test]
fn duplicate_indexes() {
    let text = "
        table: t
        columns:
          id: { type: bigint, primary_key: true, index: true }
          a: { type: integer, unique: true }
          b: integer
        indexes:
          - name: idx_a_again
            columns: [a]
            unique: true
          - name: idx_b_1
            columns: [b]
          - name: idx_b_2
            columns: [b]
    ";
    let found = with_code(text, Postgres, "duplicate-index");
    let help = "remove one of them: the database would maintain two identical indexes";
    let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "index `idx_t_id` duplicates primary key `t_pkey` on `t`",
            "index `idx_a_again` duplicates unique constraint `t_a_key` on `t`",
            "index `idx_b_2` duplicates index `idx_b_1` on `t`",
        ]
    );
    assert!(found.iter().all(|d| d.help.as_deref() == Some(help) && d.is_error()));

    // Different method, predicate or uniqueness: not the same index.
    let different = "
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          b: jsonb
          c: integer
        indexes:
          - columns: [b]
            method: gin
          - name: idx_b_hash
            columns: [b]
            method: hash
          - columns: [c]
          - name: idx_c_partial
            columns: [c]
            predicate: c > 0
          - name: idx_c_unique
            columns: [c]
            unique: true
    ";
    assert!(with_code(different, Postgres, "duplicate-index").is_empty());
}

#[test]
fn redundant_indexes() {
    let text = "
        table: t
        tenant: tenant_id
        columns:
          id: { type: bigint, primary_key: true }
          tenant_id: { type: bigint, index: true }
          code: varchar(10)
          status: varchar(10)
        uniques:
          - columns: [tenant_id, code]
        indexes:
          - columns: [code, status]
          - columns: [code]
    ";
    let found = with_code(text, Postgres, "redundant-index");
    assert_eq!(found.len(), 2, "{}", Diagnostics(found));
    let help = "drop it to save write work and space, unless measurements show the narrower index pays for itself";
    expect(
        &found[0],
        Severity::Warning,
        "index `idx_t_tenant_id` on `t` is a prefix of unique constraint `t_tenant_id_code_key`, which already serves its queries",
        help,
    );
    expect(
        &found[1],
        Severity::Warning,
        "index `idx_t_code` on `t` is a prefix of index `idx_t_code_status`, which already serves its queries",
        help,
    );

    // Not a prefix (order matters), unique, or another method: not redundant.
    let fine = "
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          a: integer
          b: integer
          doc: jsonb
        indexes:
          - columns: [b, a]
          - name: idx_a_only
            columns: [a]
          - name: idx_b_unique
            columns: [b]
            unique: true
          - columns: [doc]
            method: gin
          - name: idx_doc_b
            columns: [doc, b]
    ";
    assert!(with_code(fine, Postgres, "redundant-index").is_empty());
}

#[test]
fn partial_indexes_are_refused_on_mysql() {
    let text = "
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          active: boolean
        indexes:
          - name: idx_active
            columns: [active]
            predicate: active = true
    ";
    let d = one(text, Mysql, "unsupported-feature");
    error(
        &d,
        "index `idx_active` is partial, and mysql has no partial indexes",
        "drop the predicate (index every row), or target postgres or sqlite",
    );
    assert!(with_code(text, Postgres, "unsupported-feature").is_empty());
    assert!(with_code(text, Sqlite, "unsupported-feature").is_empty());
}

#[test]
fn index_methods_beyond_btree_need_postgres() {
    let text = "
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          doc: { type: jsonb, index: gin }
          code: { type: varchar(10), index: hash }
    ";
    for dialect in [Sqlite, Mysql] {
        let found = with_code(text, dialect, "unsupported-feature");
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        let gin = format!("index `idx_t_doc` uses gin, which {dialect} does not have");
        let hash = format!("index `idx_t_code` uses hash, which {dialect} does not have");
        assert!(
            messages.contains(&gin.as_str()) && messages.contains(&hash.as_str()),
            "{dialect}: {messages:#?}"
        );
        let gin = found.iter().find(|d| d.message.contains("gin")).unwrap();
        assert_eq!(gin.help.as_deref(), Some("use btree (the default), or target postgres"));
    }
    assert!(with_code(text, Postgres, "unsupported-feature").is_empty());
}

#[test]
fn gin_needs_jsonb_or_a_native_type_on_postgres() {
    let text = "
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          doc: { type: json, index: gin }
          tags: { type: text, index: gin, native_type: { postgres: tsvector } }
          search: { type: tsvector, index: gin }
          labels: { type: 'text[]', index: gin }
    ";
    let d = one(text, Postgres, "unsupported-feature");
    error(
        &d,
        "GIN index `idx_t_doc` on `t.doc` of type json: PostgreSQL has no default GIN operator class for it",
        "GIN indexes jsonb, arrays and tsvector (other types with an operator class: `opclass:`); use btree here",
    );
}

#[test]
fn mysql_cannot_index_text_without_a_prefix() {
    let text = "
        table: t
        columns:
          id: { type: bigint, primary_key: true }
          body: { type: text, unique: true }
          doc: { type: json, index: true }
          code: { type: varchar(10), index: true }
          wide: { type: text, index: true, native_type: { mysql: 'varchar(100)' } }
    ";
    let found = with_code(text, Mysql, "unsupported-feature");
    assert_eq!(found.len(), 2, "{}", Diagnostics(found));
    let help = "use `varchar(n)` for indexed text";
    error(
        &found[0],
        "unique constraint `t_body_key` covers `t.body` of type text, which MySQL cannot index without a prefix length",
        help,
    );
    error(
        &found[1],
        "index `idx_t_doc` covers `t.doc` of type json, which MySQL cannot index without a prefix length",
        help,
    );
    assert!(with_code(text, Postgres, "unsupported-feature").is_empty());
    assert!(with_code(text, Sqlite, "unsupported-feature").is_empty());
}

#[test]
fn dialect_rules_are_skipped_without_a_dialect() {
    let text = "
        table: t
        tenant: tenant_id
        columns:
          id: { type: bigint, primary_key: true }
          tenant_id: { type: bigint, index: true }
          doc: { type: text, index: gin }
          active: boolean
        indexes:
          - name: idx_active
            columns: [active]
            predicate: active
    ";
    let schema = schema(text);
    assert!(check_table(&schema.tables[0], None).is_empty());
    assert!(!check_table(&schema.tables[0], Some(Mysql)).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Tenants
// ---------------------------------------------------------------------------------------------

#[test]
fn tenant_column_must_exist() {
    let d = one(
        "table: t\ntenant: org_id\ncolumns:\n  id: { type: bigint, primary_key: true }\n",
        Postgres,
        "tenant-column",
    );
    error(
        &d,
        "tenant column `org_id` is not a column of `t`",
        "name an existing column, usually `tenant_id`",
    );
}

#[test]
fn tenant_column_must_be_not_null_and_an_id_type() {
    let text = "table: t\ntenant: tenant_id\ncolumns:\n  id: { type: bigint, primary_key: true }\n  tenant_id: { type: jsonb, nullable: true, index: true }\n";
    let found = with_code(text, Postgres, "tenant-column");
    assert_eq!(found.len(), 2);
    error(
        &found[0],
        "tenant column `t.tenant_id` is nullable",
        "a row without a tenant is visible to no one and owned by no one; remove `nullable: true`",
    );
    error(
        &found[1],
        "tenant column `t.tenant_id` is jsonb",
        "use uuid, an integer type or text for tenant ids",
    );
    none("table: t\ntenant: tenant_id\ncolumns:\n  id: { type: bigint, primary_key: true }\n  tenant_id: { type: uuid, index: true }\n", "tenant-column");
}

#[test]
fn tenant_column_must_be_indexed() {
    let text = "table: t\ntenant: tenant_id\ncolumns:\n  id: { type: bigint, primary_key: true }\n  tenant_id: uuid\n";
    let d = one(text, Postgres, "unindexed-tenant-column");
    error(
        &d,
        "tenant column `t.tenant_id` is not indexed; every query filters on it through the policy",
        "add `index: true` on it, or lead a composite index or unique constraint with it",
    );
    // Leading a unique constraint or the key counts; a partial index or a trailing column does not.
    none(
        &format!("{text}uniques:\n  - columns: [tenant_id, id]\n"),
        "unindexed-tenant-column",
    );
    none(
        &text
            .replace("primary_key: true }", "}")
            .replace("columns:", "primary_key: [tenant_id, id]\ncolumns:"),
        "unindexed-tenant-column",
    );
    let partial = format!("{text}indexes:\n  - columns: [tenant_id]\n    predicate: id > 0\n");
    assert_eq!(with_code(&partial, Postgres, "unindexed-tenant-column").len(), 1);
    let trailing = format!("{text}indexes:\n  - columns: [id, tenant_id]\n");
    assert_eq!(with_code(&trailing, Postgres, "unindexed-tenant-column").len(), 1);
}

#[test]
fn tenant_setting_must_be_a_custom_setting() {
    let text = "table: t\ntenant: { column: tenant_id, setting: \"tenant'; RESET ALL; --\" }\ncolumns:\n  id: { type: bigint, primary_key: true }\n  tenant_id: { type: uuid, index: true }\n";
    let d = one(text, Postgres, "tenant-setting");
    error(
        &d,
        "tenant setting `tenant\\'; RESET ALL; --` of `t` is not a custom setting name",
        "PostgreSQL custom settings are two identifiers joined by a dot, e.g. `app.current_tenant_id`",
    );
    none(
        &text.replace("\"tenant'; RESET ALL; --\"", "my_app.tenant"),
        "tenant-setting",
    );
}

#[test]
fn row_level_security_needs_postgres() {
    let text = "table: t\ntenant: tenant_id\ncolumns:\n  id: { type: bigint, primary_key: true }\n  tenant_id: { type: uuid, index: true }\n";
    for dialect in [Sqlite, Mysql] {
        let d = one(text, dialect, "unsupported-feature");
        error(
            &d,
            &format!("table `t` is multi-tenant, but {dialect} has no row-level security to enforce it"),
            "target postgres, or remove `tenant` and filter by tenant in the application",
        );
    }
    assert!(found(text, Postgres).is_empty());
}

#[test]
fn tables_with_a_tenant_column_but_no_isolation() {
    let text = "
        table: lots
        tenant: tenant_id
        columns:
          id: { type: bigint, primary_key: true }
          tenant_id: { type: uuid, index: true }
        ---
        table: notes
        columns:
          id: { type: bigint, primary_key: true }
          tenant_id: uuid
        ---
        table: systems
        external: true
        columns:
          id: { type: bigint, primary_key: true }
          tenant_id: uuid
    ";
    let d = one(text, Postgres, "tenant-without-isolation");
    expect(
        &d,
        Severity::Warning,
        "table `notes` has a `tenant_id` column like the multi-tenant tables, but no row-level security",
        "declare `tenant: tenant_id` on the table so rows are isolated per tenant",
    );
    // External tables are another team's business; without any tenant table there is no pattern.
    let no_tenant_table = "
        table: notes
        columns:
          id: { type: bigint, primary_key: true }
          tenant_id: uuid
    ";
    assert!(found(no_tenant_table, Postgres).is_empty());
}

// ---------------------------------------------------------------------------------------------
// External tables
// ---------------------------------------------------------------------------------------------

#[test]
fn external_tables_declare_columns_and_key_only() {
    let text = "
        table: systems
        external: { owner: main system team }
        tenant: tenant_id
        columns:
          id: { type: bigint, primary_key: true }
          tenant_id: { type: uuid, index: true }
          name: { type: text, default: x }
          code: { type: varchar(10), unique: true, check: code <> '', references: other, on_delete: cascade }
        ---
        table: other
        columns:
          id: { type: varchar(10), primary_key: true }
    ";
    let found = with_code(text, Postgres, "external-table");
    let help = "external tables are never migrated: declare only the columns the app uses (and the primary key), and ask the owning team for schema changes";
    let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
    let what =
        |w: &str| format!("`systems` is an external table (main system team), so its {w} cannot be declared here");
    assert_eq!(
        messages,
        [
            what("index"),
            what("unique constraint"),
            what("check constraint"),
            what("foreign key"),
            what("row-level security"),
            what("column defaults, values, comments and triggers"),
        ]
    );
    assert!(found.iter().all(|d| d.help.as_deref() == Some(help)));
    // None of the rules that would apply to an owned table pile on.
    assert_eq!(
        codes(text, Postgres).iter().filter(|c| **c != "external-table").count(),
        0,
        "{}",
        Diagnostics(self::found(text, Postgres))
    );
    none("table: systems\nexternal: true\ncolumns:\n  id: { type: bigint, primary_key: true }\n  name: { type: text, nullable: true }\n", "external-table");
}

// ---------------------------------------------------------------------------------------------
// Foreign keys
// ---------------------------------------------------------------------------------------------

const PARENT: &str = "
    table: parents
    columns:
      id: { type: bigint, primary_key: true }
      code: varchar(10)
      uid: { type: uuid, unique: true }
";

fn with_child(child: &str) -> String {
    format!("{}---\n{}", dedent(PARENT), dedent(child))
}

#[test]
fn fk_without_on_delete() {
    let text = with_child("table: kids\ncolumns:\n  id: { type: bigint, primary_key: true }\n  parent_id: { type: bigint, references: parents, index: true }\n");
    let d = one(&text, Postgres, "fk-without-on-delete");
    error(
        &d,
        "foreign key `kids_parent_id_fkey` on `kids` does not say what happens ON DELETE",
        "state it: `on_delete: restrict` (refuse the delete), or cascade (delete the children too), set_null, set_default, no_action",
    );
    none(
        &text.replace("index: true", "index: true, on_delete: no_action"),
        "fk-without-on-delete",
    );
}

#[test]
fn fk_set_null_on_a_not_null_column() {
    let text = with_child("table: kids\ncolumns:\n  id: { type: bigint, primary_key: true }\n  parent_id: { type: bigint, references: parents, on_delete: set_null, index: true }\n");
    let d = one(&text, Postgres, "fk-set-null-not-nullable");
    error(
        &d,
        "foreign key `kids_parent_id_fkey` on `kids` sets `parent_id` to NULL on delete, but the column is NOT NULL",
        "make the column nullable (`nullable: true`), or choose restrict or cascade",
    );
    none(
        &text.replace("type: bigint, references", "type: bigint, nullable: true, references"),
        "fk-set-null-not-nullable",
    );
}

#[test]
fn fk_set_default_without_a_default() {
    let text = with_child("table: kids\ncolumns:\n  id: { type: bigint, primary_key: true }\n  parent_id: { type: bigint, references: parents, on_delete: set_default, index: true }\n");
    let d = one(&text, Postgres, "fk-set-default-without-default");
    error(
        &d,
        "foreign key `kids_parent_id_fkey` on `kids` sets `parent_id` to its default on delete, but it has none",
        "give the column a default, or choose another action",
    );
    none(
        &text.replace("on_delete: set_default", "on_delete: set_default, default: 0"),
        "fk-set-default-without-default",
    );
}

#[test]
fn fk_to_an_unknown_table_suggests_the_closest() {
    let text = with_child("table: kids\ncolumns:\n  id: { type: bigint, primary_key: true }\n  parent_id: { type: bigint, references: parent, on_delete: cascade, index: true }\n");
    let d = one(&text, Postgres, "fk-unknown-table");
    error(
        &d,
        "foreign key `kids_parent_id_fkey` on `kids` references unknown table `parent`",
        "did you mean `parents`? declare it (`external: true` if another team owns it); tables are: parents, kids",
    );
    let far = text.replace("references: parent,", "references: zzz,");
    assert_eq!(
        one(&far, Postgres, "fk-unknown-table").help.as_deref(),
        Some("declare it (`external: true` if another team owns it); tables are: parents, kids")
    );
}

#[test]
fn fk_to_a_table_without_a_key() {
    let text = "
        table: loose
        columns:
          a: bigint
        ---
        table: kids
        columns:
          id: { type: bigint, primary_key: true }
          loose_id: { type: bigint, references: loose, on_delete: cascade, index: true }
    ";
    let d = one(text, Postgres, "fk-target-not-unique");
    error(
        &d,
        "foreign key `kids_loose_id_fkey` on `kids` references `loose`, which declares no primary key",
        "name the referenced columns, or declare the target's primary key",
    );
}

#[test]
fn fk_to_columns_that_are_not_a_key() {
    let text = with_child("table: kids\ncolumns:\n  id: { type: bigint, primary_key: true }\n  code: { type: varchar(10), references: parents.code, on_delete: cascade, index: true }\n");
    let d = one(&text, Postgres, "fk-target-not-unique");
    error(
        &d,
        "foreign key `kids_code_fkey` on `kids` references `parents(code)`, which is neither its primary key nor unique",
        "the database requires the referenced columns to be a primary key or unique constraint (not deferrable)",
    );
    // A unique constraint or a full unique index makes them a key.
    none(&with_child("table: kids\ncolumns:\n  id: { type: bigint, primary_key: true }\n  uid: { type: uuid, references: parents.uid, on_delete: cascade, index: true }\n"), "fk-target-not-unique");
    let indexed = text.replacen(
        "  uid: { type: uuid, unique: true }\n",
        "  uid: { type: uuid, unique: true }\nindexes:\n  - columns: [code]\n    unique: true\n",
        1,
    );
    none(&indexed, "fk-target-not-unique");
    let partial = indexed.replacen("    unique: true\n", "    unique: true\n    predicate: code <> ''\n", 1);
    assert_eq!(
        with_code(&partial, Postgres, "fk-target-not-unique").len(),
        1,
        "a partial unique index is not a key"
    );
}

#[test]
fn fk_arity() {
    let text = with_child(
        "table: kids\ncolumns:\n  id: { type: bigint, primary_key: true }\n  a: bigint\n  b: bigint\nforeign_keys:\n  - columns: [a, b]\n    references: parents\n    on_delete: cascade\nindexes:\n  - columns: [a, b]\n",
    );
    let d = one(&text, Postgres, "fk-arity");
    error(
        &d,
        "foreign key `kids_a_b_fkey` on `kids` has 2 column(s) but references 1 in `parents`",
        "reference as many columns as the key has",
    );
}

#[test]
fn fk_to_an_unknown_column() {
    let text = with_child("table: kids\ncolumns:\n  id: { type: bigint, primary_key: true }\n  p: { type: bigint, references: parents.nope, on_delete: cascade, index: true }\n");
    let d = one(&text, Postgres, "fk-unknown-column");
    error(
        &d,
        "foreign key `kids_p_fkey` on `kids` references unknown column `parents.nope`",
        "columns of `parents` are: id, code, uid",
    );
    // An unknown column is not also "not a key".
    assert!(with_code(&text, Postgres, "fk-target-not-unique").is_empty());
}

#[test]
fn fk_from_an_unknown_column() {
    let text = with_child(
        "table: kids\ncolumns:\n  id: { type: bigint, primary_key: true }\nforeign_keys:\n  - columns: [nope]\n    references: parents\n    on_delete: cascade\n",
    );
    let d = with_code(&text, Postgres, "unknown-column");
    assert_eq!(d.len(), 1, "{}", Diagnostics(d));
    assert_eq!(
        d[0].message,
        "foreign key `kids_nope_fkey` on `kids` names unknown column `kids.nope`"
    );
}

#[test]
fn fk_type_mismatch() {
    let text = with_child("table: kids\ncolumns:\n  id: { type: bigint, primary_key: true }\n  parent_id: { type: integer, references: parents, on_delete: cascade, index: true }\n");
    let d = one(&text, Postgres, "fk-type-mismatch");
    error(
        &d,
        "foreign key `kids_parent_id_fkey` on `kids`: `parent_id` is integer but `parents.id` is bigint",
        "give the referencing column the referenced column's type",
    );
    // Serials join their integer type; string lengths and padding (varchar, char, text) and
    // numeric precisions do not matter.
    let compatible = "
        table: a
        columns:
          id: { type: bigserial, primary_key: true }
          code: { type: varchar(10), unique: true }
          amount: { type: 'numeric(10,2)', unique: true }
          tag: { type: varchar(40), unique: true }
        ---
        table: b
        columns:
          id: { type: bigint, primary_key: true, references: a, on_delete: cascade }
          code: { type: text, references: a.code, on_delete: cascade, index: true }
          amount: { type: numeric, references: a.amount, on_delete: cascade, index: true }
          tag: { type: char(36), references: a.tag, on_delete: cascade, index: true }
    ";
    none(compatible, "fk-type-mismatch");
}

#[test]
fn unindexed_foreign_keys() {
    let text = with_child(
        "table: kids\ncolumns:\n  id: { type: bigint, primary_key: true }\n  parent_id: { type: bigint, references: parents, on_delete: cascade }\n  a: bigint\n  b: uuid\nforeign_keys:\n  - columns: [a, b]\n    references: parents(id, uid)\n    on_delete: cascade\n",
    );
    let found = with_code(&text, Postgres, "unindexed-foreign-key");
    assert_eq!(found.len(), 2);
    error(
        &found[0],
        "foreign key `kids_parent_id_fkey` on `kids`: `parent_id` is not indexed",
        "add `index: true` on the column (deletes in the parent table scan this table without it)",
    );
    error(
        &found[1],
        "foreign key `kids_a_b_fkey` on `kids`: `a, b` is not indexed",
        "add an index whose leading columns are the key's: `indexes: [{ columns: [a, b] }]`",
    );
    // An index leading with the columns, in any order, or the primary key, serves the key.
    none(
        &format!("{text}indexes:\n  - columns: [b, a, id]\n  - columns: [parent_id]\n"),
        "unindexed-foreign-key",
    );
    // So does a partial index that only leaves out rows where the key is null, which a lookup
    // by a value never wants; one that leaves out other rows does not.
    let partial = "indexes:\n  - columns: [parent_id]\n    predicate: parent_id IS NOT NULL\n  - columns: [a, b]\n    predicate: (\"a\" IS NOT NULL) AND (b is not null)\n";
    assert!(with_code(&format!("{text}{partial}"), Postgres, "unindexed-foreign-key").is_empty());
    let other = "indexes:\n  - columns: [parent_id]\n    predicate: parent_id IS NOT NULL AND a > 0\n  - columns: [a, b]\n    predicate: id IS NOT NULL\n";
    assert_eq!(
        with_code(&format!("{text}{other}"), Postgres, "unindexed-foreign-key").len(),
        2
    );
}

#[test]
fn foreign_keys_of_external_tables_are_not_checked() {
    let text = "
        table: systems
        external: true
        columns:
          id: { type: bigint, primary_key: true }
          owner_id: bigint
    ";
    assert!(found(text, Postgres).is_empty());
}

#[test]
fn a_check_reading_a_dropped_column_is_an_error() {
    let text = "
        table: accounts
        columns:
          id: { type: serial, primary_key: true }
          low: integer
          high: { type: integer, dropped: true }
        checks:
          - { name: accounts_range, expr: low <= high }
    ";
    error(
        &one(text, Dialect::Postgres, "uses-dropped-column"),
        "check `accounts_range` uses `accounts.high`, which is dropped",
        "remove it from the schema too: a dropped column's constraints and indexes go with it",
    );
}

/// Every finding points at the key that causes it (not at the table or the column), as the user
/// sees it: file:line:column under the message.
#[test]
fn findings_point_at_the_key_that_causes_them() {
    let text = dedent(
        "
        table: orders
        tenant: tenant_id
        primary_key: [tenant_id, nope]
        columns:
          tenant_id: { type: uuid, nullable: true }
          id: bigint
          status: { type: integer, values: [OPEN], default: 'x' }
          touched: { type: date, set_on_update: true }
          parent_id: { type: bigint, references: parents.id, on_delete: set_null }
          gone: { type: text, dropped: true }
        indexes:
          - columns: [status, missing]
            predicate: status > 0
          - columns: [gone]
        ---
        table: parents
        columns:
          id: { type: bigint, primary_key: true }
        ",
    );
    let (tables, problems) = parse_str(&text, Some(std::sync::Arc::new("schemas/orders.yaml".into())));
    assert!(problems.is_empty(), "{}", Diagnostics(problems));
    let mut schema = Schema {
        tables,
        ..Default::default()
    };
    schema.resolve_references();
    insta::assert_snapshot!(Diagnostics(check_schema(&schema, Mysql)).sorted().to_string());
}

const AGENTS: &str = "
    table: sessions
    columns:
      id: { type: bigint, primary_key: true }
    ---
    table: schedules
    group: scheduler
    columns:
      id: { type: bigint, primary_key: true }
      session_id: { type: bigint, references: sessions, on_delete: cascade, index: true }
";

#[test]
fn a_group_may_reference_the_core_and_itself() {
    none(AGENTS, "group-reference");
    none(AGENTS, "invalid-group");
}

#[test]
fn the_core_may_not_reference_an_optional_group() {
    let text = format!(
        "{AGENTS}    ---\n    table: runs\n    columns:\n      id: {{ type: bigint, primary_key: true }}\n      schedule_id: {{ type: bigint, references: schedules, on_delete: cascade, index: true }}\n"
    );
    error(
        &one(&text, Postgres, "group-reference"),
        "`runs` references `schedules` of the optional group `scheduler`, but the core tables are applied without the optional groups",
        "put `runs` in group `scheduler` too (`group: scheduler`), or `schedules` in the core",
    );
    let other_group = text.replace("    table: runs\n", "    table: runs\n    group: reports\n");
    let found = one(&other_group, Sqlite, "group-reference");
    assert!(
        found
            .message
            .ends_with("but group `reports` may be applied without group `scheduler`"),
        "{found}"
    );
}

#[test]
fn group_names_are_simple() {
    let text = AGENTS.replace("group: scheduler", "group: Night-Jobs");
    error(
        &one(&text, Mysql, "invalid-group"),
        "group `Night-Jobs` of `schedules` is not a group name",
        "a group is named in lowercase letters, digits and `_`, starting with a letter, at most 20 characters, and not `core` (the tables of no group): `group: scheduler`",
    );
}

// ---------------------------------------------------------------------------------------------
// Failures a database would report only when the migration runs
// ---------------------------------------------------------------------------------------------

fn table_with(columns: &str) -> String {
    format!("table: t\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\n{columns}")
}

#[test]
fn a_varchar_longer_than_mysql_keeps() {
    let text = table_with("  body: varchar(20000)\n");
    let d = one(&text, Mysql, "varchar-too-long");
    error(
        &d,
        "column `t.body` is varchar(20000), longer than MySQL's longest varchar with utf8mb4 (16383 characters at 4 bytes each): the migration would fail",
        "use `type: text` (65,535 bytes) or, for more, `native_type: { mysql: MEDIUMTEXT }`; or at most `varchar(16383)`",
    );
    // One mistake, one error: the row is too large because of it, and not reported again.
    assert_eq!(codes(&text, Mysql), ["varchar-too-long"]);
    // PostgreSQL and SQLite store it.
    for dialect in [Postgres, Sqlite] {
        assert!(codes(&text, dialect).is_empty(), "{dialect}");
    }
    // The longest that fits beside `id` (8 bytes).
    assert!(codes(&table_with("  body: varchar(16381)\n"), Mysql).is_empty());
    assert_eq!(codes(&table_with("  body: varchar(16382)\n"), Mysql), ["row-too-large"]);
    // A native type is what the user chose for MySQL.
    assert!(codes(
        &table_with("  body: { type: varchar(20000), native_type: { mysql: MEDIUMTEXT } }\n"),
        Mysql
    )
    .is_empty());
}

#[test]
fn a_row_larger_than_mysql_keeps() {
    // id 8 + a 32,002 + b 33,534 = 65,544 bytes; with b of 8379 characters, 65,528.
    let text = table_with("  a: varchar(8000)\n  b: varchar(8383)\n");
    let d = one(&text, Mysql, "row-too-large");
    error(
        &d,
        "a row of `t` takes up to 65544 bytes on MySQL, over its limit of 65535 (with utf8mb4 a varchar counts 4 bytes a character; text, binary and json columns count 10 to 12, their contents are stored apart): the migration would fail",
        "make the widest varchar columns `type: text`, or shorten them: `b` (varchar(8383), 33534 bytes), `a` (varchar(8000), 32002 bytes)",
    );
    assert_eq!(d.origin.line, 1, "points at the table's name: {d}");
    assert!(codes(&table_with("  a: varchar(8000)\n  b: varchar(8379)\n"), Mysql).is_empty());
    for dialect in [Postgres, Sqlite] {
        assert!(codes(&text, dialect).is_empty(), "{dialect}");
    }
}

#[test]
fn an_index_key_longer_than_innodb_keeps() {
    let text = table_with("  a: varchar(700)\n  b: varchar(100)\nindexes:\n  - columns: [a, b]\n");
    let d = one(&text, Mysql, "index-key-too-long");
    error(
        &d,
        "index `idx_t_a_b` on `t` has keys of up to 3200 bytes on MySQL (`a` 2800 bytes, `b` 400 bytes), over InnoDB's 3072 (with utf8mb4 a varchar counts 4 bytes a character): MySQL refuses it, and MariaDB makes it a prefix or hash index instead of the one declared",
        "index fewer or shorter columns: the varchar columns of a key may have 768 characters between them",
    );
    let pk = "table: t\ncolumns:\n  code: { type: varchar(800), primary_key: true }\n";
    assert!(one(pk, Mysql, "index-key-too-long")
        .message
        .starts_with("the primary key on `t` has keys of up to 3200 bytes"));
    assert!(codes(
        &table_with("  a: varchar(700)\n  b: varchar(68)\nindexes:\n  - columns: [a, b]\n"),
        Mysql
    )
    .is_empty());
    for dialect in [Postgres, Sqlite] {
        assert!(codes(&text, dialect).is_empty(), "{dialect}");
    }
}

#[test]
fn names_that_belong_to_the_migrator_diesel_or_sqlite() {
    for (name, whose) in [
        (
            "__tablewright_ledger",
            "the migrator keeps its ledger and progress in tables named `__tablewright_...`",
        ),
        (
            "__diesel_schema_migrations",
            "diesel records the applied migrations in `__diesel_schema_migrations`",
        ),
        (
            "__Diesel_Schema_Migrations",
            "diesel records the applied migrations in `__diesel_schema_migrations`",
        ),
        (
            "sqlite_stats",
            "SQLite keeps the names starting with `sqlite_` for its own tables and refuses to create one",
        ),
    ] {
        let text = format!("table: {name}\ncolumns:\n  id: {{ type: bigint, primary_key: true }}\n");
        for dialect in Dialect::ALL {
            let d = one(&text, dialect, "reserved-name");
            error(
                &d,
                &format!("table name `{name}` is reserved: {whose}"),
                "choose another name: `table: <another name>`",
            );
        }
    }
    // A shared table declared to be read is never created.
    let external =
        "table: sqlite_sequence\nexternal: { owner: sqlite }\ncolumns:\n  name: { type: text, primary_key: true }\n";
    none(external, "reserved-name");

    let index = table_with("  code: varchar(20)\nindexes:\n  - { name: sqlite_code, columns: [code] }\n");
    let d = one(&index, Sqlite, "reserved-name");
    assert!(d.message.starts_with("index name `sqlite_code` is reserved"), "{d}");
    for dialect in [Postgres, Mysql] {
        assert!(with_code(&index, dialect, "reserved-name").is_empty(), "{dialect}");
    }
}

#[test]
fn names_that_differ_only_in_case() {
    let columns = table_with("  Code: varchar(20)\n  code: varchar(20)\n");
    for dialect in [Sqlite, Mysql] {
        let d = one(&columns, dialect, "names-differ-in-case");
        error(
            &d,
            &format!("column name `code` differs from column `Code` only in case, and {dialect} does not tell them apart: the migration would fail"),
            "rename one of them (names that differ only in case are one name on SQLite, and for MySQL's columns and indexes)",
        );
        assert_eq!(d.origin.line, 5, "points at the second: {d}");
    }
    assert!(with_code(&columns, Postgres, "names-differ-in-case").is_empty());

    let tables = "table: Lots\ncolumns:\n  id: { type: bigint, primary_key: true }\n---\ntable: lots\ncolumns:\n  id: { type: bigint, primary_key: true }\n";
    let d = one(tables, Sqlite, "names-differ-in-case");
    assert!(
        d.message
            .starts_with("table name `lots` differs from table `Lots` only in case"),
        "{d}"
    );
    for dialect in [Postgres, Mysql] {
        assert!(
            with_code(tables, dialect, "names-differ-in-case").is_empty(),
            "{dialect}"
        );
    }
}

/// The reader refuses what is unsafe on every database; the checks read each expression again
/// as the target reads it.
#[test]
fn expressions_as_the_database_reads_them() {
    // SQLite reads `[']` as a quoted name, so the `;` after it ends the statement there.
    let text = table_with("  name: { type: text, check: \"['] ; DROP TABLE x; -- [']\" }\n");
    let d = one(&text, Sqlite, "invalid-expression");
    error(
        &d,
        "check `t_name_check` `['] ; DROP TABLE x; -- [']` is not one SQL expression on sqlite: `;` at character 5 would end the statement on sqlite",
        "write one expression, as it would stand in CHECK (...) or WHERE ..., e.g. `quantity > 0`; strings in single quotes, a quote inside doubled (`'it''s'`)",
    );
    assert_eq!((d.origin.line, d.origin.column), (4, 23), "at the column's check: {d}");

    let subquery = table_with("  n: { type: integer, check: \"n IN (SELECT id FROM t)\" }\n");
    for dialect in Dialect::ALL {
        let d = one(&subquery, dialect, "invalid-expression");
        assert!(d.message.ends_with("it contains a query (`SELECT ...`), which no database runs in a CHECK, a DEFAULT or an index predicate"), "{d}");
    }
    let two = table_with(
        "  n: { type: integer, default_sql: \"1 2\" }\nindexes:\n  - { columns: [n], predicate: \"n > 0 n < 5\" }\n",
    );
    for dialect in [Postgres, Sqlite] {
        let found = with_code(&two, dialect, "invalid-expression");
        assert_eq!(found.len(), 2, "{dialect}: {}", Diagnostics(found));
        assert!(
            found[0]
                .message
                .starts_with("default of `t.n` `1 2` is not one SQL expression"),
            "{}",
            found[0]
        );
        assert!(
            found[1]
                .message
                .starts_with("predicate of index `idx_t_n` `n > 0 n < 5`"),
            "{}",
            found[1]
        );
    }
    // The derive, which does not know the database, leaves this reading to the build script.
    let (tables, _) = parse_str(&text, None);
    assert!(check_table(&tables[0], None).is_empty());
}

/// A `diesel_type` nested 200 deep is an error, not a stack overflow in syn.
#[test]
fn a_diesel_type_nested_too_deep() {
    let path = format!("a::B{}{}", "<a::B".repeat(200), ">".repeat(200));
    let text = table_with(&format!("  n: {{ type: text, diesel_type: \"{path}\" }}\n"));
    // Run on a thread with a test thread's stack, where 200 levels of syn overflowed.
    let found = std::thread::spawn(move || with_code(&text, Postgres, "invalid-diesel-type"))
        .join()
        .expect("no stack overflow");
    assert_eq!(found.len(), 1);
    error(
        &found[0],
        "diesel_type of `t.n` nests generics more than 64 levels deep",
        "name the inner type with a type alias (`type Inner = ...;`) and use the alias",
    );
}

/// Two thousand copies of one index: a report of a few hundred lines, in little time, instead of
/// two million errors.
#[test]
fn two_thousand_identical_indexes() {
    let mut text = table_with("  code: varchar(20)\nindexes:\n");
    for _ in 0..2_000 {
        text.push_str("  - columns: [code]\n");
    }
    let started = std::time::Instant::now();
    let found = found(&text, Postgres);
    let took = started.elapsed();
    let duplicates: Vec<&Diagnostic> = found.iter().filter(|d| d.code == "duplicate-index").collect();
    assert_eq!(
        duplicates.len(),
        crate::diagnostic::SHOWN_PER_CODE_AND_FILE + 1,
        "{}",
        Diagnostics(found.clone())
    );
    assert!(
        duplicates[0]
            .message
            .starts_with("index `idx_t_code` duplicates index `idx_t_code` on `t`"),
        "{}",
        duplicates[0]
    );
    assert!(
        duplicates[50]
            .message
            .starts_with("1949 more `duplicate-index` errors like the ones above, the first here: "),
        "{}",
        duplicates[50]
    );
    // The same generated name, two thousand times: collapsed the same way.
    assert_eq!(found.iter().filter(|d| d.code == "duplicate-name").count(), 51);
    assert!(found.len() < 110, "{}", found.len());
    assert!(Diagnostics(found).to_string().len() < 50_000);
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
}

//! The fast path against sqlparser: the same trees, or no tree at all.

use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use tablewright_core::Dialect;

use super::*;

/// sqlparser's tree for `text`, as its debug form (spans included).
fn sqlparser(text: &str) -> String {
    let parsed = Parser::parse_sql(&PostgreSqlDialect {}, text).expect("sqlparser reads it");
    assert_eq!(parsed.len(), 1, "{text}");
    format!("{:?}", parsed[0])
}

#[test]
fn the_shapes_it_reads_are_sqlparsers_trees() {
    for text in [
        r#"COMMENT ON TABLE "lots" IS 'Inventory lots'"#,
        r#"comment on column "lots"."lot_code" is 'Unique within the tenant'"#,
        "COMMENT ON COLUMN public.lots.lot_code IS 'it''s the code, ''quoted'''",
        "COMMENT  ON\n  TABLE\tlots_2024\n  IS\n  'two\nlines → with ünicode'",
        r#"COMMENT ON TABLE "Mixed Case"."t" IS NULL"#,
        "COMMENT ON TABLE _t IS ''",
        "COMMENT ON TABLE lots IS 'x'   ",
        r#"ALTER TABLE "lots" ENABLE ROW LEVEL SECURITY"#,
        "alter table public.lots force row level security",
        r#"CREATE INDEX "idx_lots_parent_id" ON "lots" ("parent_id")"#,
        "create unique index concurrently idx_a on s.lots (tenant_id,code , \"Mixed\")",
        "CREATE INDEX\n  idx_b\n  ON lots\n  (\n a\n )",
        // Keywords are names there.
        "COMMENT ON TABLE user IS 'x'",
        "COMMENT ON COLUMN public.table.description IS 'x'",
    ] {
        let fast = parse(text).unwrap_or_else(|| panic!("the fast path reads {text:?}"));
        assert_eq!(format!("{fast:?}"), sqlparser(text), "{text}");
    }
}

#[test]
fn anything_else_goes_to_sqlparser() {
    for text in [
        // Other objects and forms.
        "COMMENT ON INDEX idx IS 'x'",
        "COMMENT ON CONSTRAINT c ON lots IS 'x'",
        "COMMENT IF EXISTS ON TABLE lots IS 'x'",
        "COMMENT ON FUNCTION f(int4) IS 'x'",
        // Strings whose reading depends on more than quotes.
        r"COMMENT ON TABLE lots IS 'back\slash'",
        "COMMENT ON TABLE lots IS E'x'",
        "COMMENT ON TABLE lots IS $$x$$",
        "COMMENT ON TABLE lots IS 'unterminated",
        // Comments, doubled quotes, blanks around dots, too many parts.
        "COMMENT ON TABLE lots /* c */ IS 'x'",
        "COMMENT ON TABLE lots IS 'x' -- c",
        "COMMENT ON TABLE \"a\"\"b\" IS 'x'",
        "COMMENT ON TABLE \"\" IS 'x'",
        "COMMENT ON COLUMN lots . code IS 'x'",
        "COMMENT ON COLUMN a.b.c.d IS 'x'",
        "COMMENT ON TABLE lots IS 'x' 'y'",
        "COMMENT ON TABLE lots IS 'x';",
        "COMMENT ON TABLE\"lots\" IS 'x'",
        "COMMENT ON TABLE lots IS",
        "COMMENT ON TABLE lots",
        "COMMENT ON TABLE 1lots IS 'x'",
        "COMMENT ON TABLE lots$1 IS 'x'",
        "COMMENT ON TABLE löts IS 'x'",
        "COMMENT",
        "",
        // Index and table forms it leaves to sqlparser.
        "ALTER TABLE IF EXISTS lots ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE ONLY lots FORCE ROW LEVEL SECURITY",
        "ALTER TABLE lots NO FORCE ROW LEVEL SECURITY",
        "ALTER TABLE lots DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE lots ENABLE ROW LEVEL SECURITY, ADD COLUMN a int",
        "ALTER TABLE lots ENABLE ROW LEVEL",
        "CREATE INDEX ON lots (a)",
        "CREATE INDEX IF NOT EXISTS idx ON lots (a)",
        "CREATE INDEX CONCURRENTLY ON lots (a)",
        "CREATE INDEX idx ON lots USING gin (a)",
        "CREATE INDEX idx ON lots (a) WHERE a > 0",
        "CREATE INDEX idx ON lots (a DESC)",
        "CREATE INDEX idx ON lots (lower(a))",
        "CREATE INDEX idx ON lots (a text_pattern_ops)",
        "CREATE INDEX idx ON lots (date)",
        "CREATE INDEX idx ON lots (a) INCLUDE (b)",
        "CREATE INDEX idx ON lots (a,)",
        "CREATE INDEX idx ON lots ()",
        "CREATE INDEX idx ON lots(a)",
        "CREATE INDEX idx ON ONLY lots (a)",
        "CREATE OR REPLACE INDEX idx ON lots (a)",
        // Not a comment at all.
        "COMMENTS ON TABLE lots IS 'x'",
    ] {
        assert!(parse(text).is_none(), "{text:?} must go to sqlparser");
    }
}

#[test]
fn tables_read_as_sqlparser_reads_them() {
    for text in [
        // As Tablewright writes them.
        "CREATE TABLE \"t0001\" (\n    \"id\" uuid NOT NULL DEFAULT gen_random_uuid(),\n    \"tenant_id\" uuid NOT NULL,\n    \"parent_id\" uuid,\n    \"code\" varchar(40) NOT NULL,\n    \"quantity\" numeric(14, 3) NOT NULL DEFAULT 0.000,\n    \"c01\" text,\n    \"c02\" bigint,\n    \"c03\" boolean,\n    \"created_at\" timestamptz NOT NULL DEFAULT now(),\n    CONSTRAINT \"t0001_pkey\" PRIMARY KEY (\"id\"),\n    CONSTRAINT \"t0001_tenant_id_code_key\" UNIQUE (\"tenant_id\", \"code\"),\n    CONSTRAINT \"t0001_quantity_check\" CHECK (quantity >= 0),\n    CONSTRAINT \"t0001_parent_id_fkey\" FOREIGN KEY (\"parent_id\") REFERENCES \"t0000\" (\"id\") ON DELETE RESTRICT\n)",
        // Every type of the list, in any case, with and without arguments.
        "create table public.all_types (a UUID, b Text, c boolean, d bool, e date, f json, g jsonb, h bytea, i real, j smallint, k integer, l int, m bigint, n double precision, o varchar, p varchar(10), q numeric, r numeric(5), s numeric( 14 ,3 ), t timestamptz, u timestamptz(3))",
        // Defaults of each plain kind, NULL, and blanks of every sort.
        "CREATE TABLE d (\n\ta int NULL DEFAULT 12,\n  b text DEFAULT 'it''s',\n  c boolean NOT NULL DEFAULT TRUE,\n  d bool DEFAULT false,\n  e\tdate   DEFAULT   current_date_fn()\r\n)",
        // Elements sqlparser reads on its own, at their place: keywords as names, arrays, casts,
        // expressions, column constraints, other types, multi-line checks.
        "CREATE TABLE k (\n  name text,\n  \"check\" int,\n  tags text[] NOT NULL DEFAULT '{}',\n  kind varchar(20) DEFAULT 'a'::character varying,\n  n int DEFAULT -1,\n  e numeric DEFAULT 1e5,\n  r int REFERENCES other (id) ON DELETE CASCADE,\n  u int UNIQUE,\n  p int PRIMARY KEY,\n  at timestamp with time zone DEFAULT now(),\n  ip inet,\n  c int CHECK (c > 0),\n  x int DEFAULT now() NOT NULL,\n  CHECK (\n    c > 0\n    AND n < 10\n  ),\n  PRIMARY KEY (p),\n  UNIQUE (u, \"check\")\n)",
        // Unicode before an element moves the columns sqlparser counts in characters.
        "CREATE TABLE \"lötter\" (\"naïve\" text DEFAULT 'ü', z int CHECK (z <> 0))",
    ] {
        let fast = parse(text).unwrap_or_else(|| panic!("the fast path reads {text:?}"));
        assert_eq!(format!("{fast:?}"), sqlparser(text), "{text}");
    }
}

#[test]
fn tables_it_leaves_to_sqlparser() {
    for text in [
        "CREATE TABLE IF NOT EXISTS t (a int)",
        "CREATE TABLE t (a int) WITH (fillfactor = 70)",
        "CREATE TABLE t (a int) PARTITION BY RANGE (a)",
        "CREATE TABLE t (a int -- why\n)",
        "CREATE TABLE t (a text DEFAULT 'x\\y')",
        "CREATE TABLE t (a text DEFAULT $$x$$)",
        "CREATE TABLE t ()",
        "CREATE TABLE t (a int,)",
        "CREATE TABLE t (a int",
        "CREATE TABLE t (a int))",
        "CREATE TABLE t (a int DEFAULT)",
        "CREATE TABLE t(a int)",
        "CREATE TEMPORARY TABLE t (a int)",
        "CREATE TABLE t AS SELECT 1",
    ] {
        assert!(parse(text).is_none(), "{text:?} must go to sqlparser");
    }
}

#[test]
fn policies_read_as_sqlparser_reads_them() {
    for text in [
        // As Tablewright writes them.
        "CREATE POLICY \"t0000_tenant_isolation\" ON \"t0000\" AS PERMISSIVE FOR ALL\n    USING (\"tenant_id\" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid)\n    WITH CHECK (\"tenant_id\" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid)",
        "CREATE POLICY p ON public.t AS RESTRICTIVE FOR SELECT USING (org_id = current_setting('app.org')::bigint)",
        "create policy p on t for insert with check ( owner = 42 )",
        "CREATE POLICY p ON t FOR UPDATE USING (true)",
        "CREATE POLICY p ON t FOR DELETE USING (f(a, 'b', 1.5, false))",
        "CREATE POLICY p ON t",
        // Expressions sqlparser reads alone, at their place.
        "CREATE POLICY p ON t USING (tenant_id = current_setting('x')::uuid AND deleted = false)\n  WITH CHECK ((a = b))",
        "CREATE POLICY p ON t USING (t.a = 1) WITH CHECK (a = ANY(ARRAY[1, 2]))",
        "CREATE POLICY p ON t USING (a = current_user) WITH CHECK (a::text[] = '{}')",
        "CREATE POLICY p ON t USING (a = b = c) WITH CHECK (a == b)",
        "CREATE POLICY \"pö\" ON \"tö\" USING (\"ä\" = 'ü')",
    ] {
        let fast = parse(text).unwrap_or_else(|| panic!("the fast path reads {text:?}"));
        assert_eq!(format!("{fast:?}"), sqlparser(text), "{text}");
    }
}

#[test]
fn defaults_read_as_sqlparser_reads_them() {
    let text = "CREATE TABLE d (\n  a text DEFAULT 'x'::text,\n  b text DEFAULT NULLIF('', ''),\n  c int DEFAULT f(1, 'x', true),\n  d int DEFAULT coalesce(1, 2),\n  e boolean DEFAULT f(a = b),\n  g uuid DEFAULT gen_random_uuid( ),\n  h numeric(5, 2) DEFAULT 1.50::numeric(5, 2),\n  i timestamptz DEFAULT now()::timestamptz\n)";
    let fast = parse(text).expect("the fast path reads it");
    assert_eq!(format!("{fast:?}"), sqlparser(text), "{text}");
}

#[test]
fn policies_it_leaves_to_sqlparser() {
    for text in [
        "CREATE POLICY p ON t TO app USING (true)",
        "CREATE POLICY p ON t USING (a = 1) -- why",
        "CREATE POLICY p ON t USING (a = 1) extra",
        "CREATE POLICY p ON t FOR EVERYTHING USING (true)",
        "CREATE POLICY p ON t USING (a = 1",
        "CREATE POLICY p ON t USING ()",
        "CREATE POLICY IF NOT EXISTS p ON t",
    ] {
        assert!(parse(text).is_none(), "{text:?} must go to sqlparser");
    }
}

/// Every statement of the pinned corpus the fast path reads, read as sqlparser reads it.
#[test]
fn the_corpus_reads_the_same_both_ways() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/registry");
    let mut fast = 0;
    for folder in std::fs::read_dir(corpus).unwrap() {
        for script in ["up.sql", "down.sql"] {
            let Ok(sql) = std::fs::read_to_string(folder.as_ref().unwrap().path().join(script)) else {
                continue;
            };
            for piece in crate::source::pieces(&sql, Dialect::Postgres) {
                if let Some(statement) = parse(&piece.text) {
                    assert_eq!(format!("{statement:?}"), sqlparser(&piece.text), "{}", piece.text);
                    fast += 1;
                }
            }
        }
    }
    assert!(fast >= 20, "the corpus has statements the fast path reads: {fast}");
}

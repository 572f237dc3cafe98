//! The drift check is exact: a database migrated from a schema has no drift at all, and each kind
//! of fact the database keeps, changed by hand, is reported as exactly one difference that names
//! its object. One fresh database per change, on every database that has the fact:
//!
//! | fact                    | PostgreSQL | MariaDB | SQLite |
//! |-------------------------|------------|---------|--------|
//! | column default          | yes        | yes     | yes    |
//! | check expression        | yes        | yes     | yes    |
//! | partial-index predicate | yes        | -       | yes    |
//! | DESC index column       | yes        | yes     | yes    |
//! | expression index key    | yes        | -       | yes    |
//! | NULLS FIRST/LAST        | yes        | -       | -      |
//! | operator class          | yes        | -       | -      |
//! | index storage parameter | yes        | -       | -      |
//! | INCLUDE columns         | yes        | -       | -      |
//! | array element type      | yes        | -       | -      |
//! | PostgreSQL's own type   | yes        | -       | -      |
//! | generated expression    | yes        | yes     | yes    |
//! | deferrable foreign key  | yes        | -       | yes    |
//! | deferrable key made not deferrable | yes | -     | yes    |
//! | deferrable unique       | yes        | -       | -      |
//! | NOT VALID check validated | yes      | -       | -      |
//! | NOT VALID foreign key validated | yes | -      | -      |
//! | primary key name        | yes        | -       | yes    |
//! | declared primary key name | yes      | -       | yes    |
//! | identity vs serial      | yes        | (auto-increment removed) | - |
//! | serial vs identity      | yes        | -       | -      |
//! | identity ALWAYS / BY DEFAULT | yes   | -       | -      |
//! | identity sequence option | yes       | -       | -      |
//! | sequence name           | yes        | -       | -      |
//! | sequence option         | yes        | -       | -      |
//! | time precision          | yes        | yes     | - (not kept) |
//! | column comment          | yes        | yes     | -      |
//! | constraint comment (key, unique, check) | yes | - | -  |
//! | index comment           | yes        | -       | -      |
//! | exclusion constraint (changed, removed, comment) | yes | - | - |
//! | policy                  | yes        | -       | -      |
//! | trigger                 | yes        | yes (one added) | yes |
//! | declared trigger: WHEN, disabled, missing, comment | yes | - | - |
//! | function: body, volatility, comment, one added | yes | - | - |
//! | foreign key added       | yes        | yes     | yes    |
//! | foreign key removed     | yes        | yes     | yes    |
//! | enum value added, renamed; enum comment | yes | - | -     |
//! | domain check, default, NOT NULL | yes | -      | -      |
//! | declared extension missing | yes     | -       | -      |
//! | view: query, dropped, comment | yes | query, dropped | query, dropped |
//! | materialized view: index, comment | yes | -    | -      |
//! | composite field added, dropped, retyped; comment | yes | - | - |

use std::path::PathBuf;

use diesel::connection::SimpleConnection;
use diesel::sql_types::Text;
use diesel::{Connection, MysqlConnection, PgConnection, QueryableByName, RunQueryDsl, SqliteConnection};
use tablewright::introspect::drift_of;
use tablewright::{Database, Migrations, Migrator};
use tablewright_core::{Dialect, Schema};
use tablewright_db_tests::{fixture, generate_migrations, load_schema, tempdir, ServerDatabase, SqliteDatabase};

/// How a fact is changed by hand.
enum Edit {
    Sql(&'static str),
    /// SQLite keeps some facts only in a table's text: rewrite it (`PRAGMA writable_schema`).
    SqliteTable(&'static str, fn(&str) -> String),
}

struct Case {
    fact: &'static str,
    edit: Edit,
    /// The one difference expected: its object, and words of its message.
    object: &'static str,
    says: &'static str,
}

fn schema(dialect: Dialect) -> Schema {
    let mut dirs: Vec<PathBuf> = vec![
        fixture("drift/all"),
        fixture("drift/generated"),
        fixture("drift/times"),
        fixture("drift/comments"),
        fixture("drift/views"),
    ];
    if dialect != Dialect::Mysql {
        dirs.push(fixture("drift/partial"));
        dirs.push(fixture("drift/keys"));
    }
    if dialect == Dialect::Postgres {
        dirs.push(fixture("drift/tenant"));
        dirs.push(fixture("drift/postgres_keys"));
        dirs.push(fixture("drift/postgres_types"));
        dirs.push(fixture("drift/exclusions"));
        dirs.push(fixture("drift/postgres_objects"));
        dirs.push(fixture("drift/postgres_functions"));
        dirs.push(fixture("drift/postgres_views"));
        dirs.push(fixture("drift/postgres_composites"));
    }
    load_schema(&dirs, dialect)
}

#[derive(QueryableByName)]
struct SqlText {
    #[diesel(sql_type = Text)]
    sql: String,
}

fn edit_sqlite_table(path: &str, table: &str, rewrite: fn(&str) -> String) {
    let mut conn = SqliteConnection::establish(path).unwrap();
    let before = diesel::sql_query("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?")
        .bind::<Text, _>(table)
        .get_result::<SqlText>(&mut conn)
        .unwrap()
        .sql;
    let after = rewrite(&before);
    assert_ne!(before, after, "the edit of `{table}` changed nothing:\n{before}");
    conn.batch_execute("PRAGMA writable_schema = ON").unwrap();
    diesel::sql_query("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?")
        .bind::<Text, _>(after)
        .bind::<Text, _>(table)
        .execute(&mut conn)
        .unwrap();
    conn.batch_execute("PRAGMA writable_schema = OFF").unwrap();
}

/// `text` with `from` replaced by `to`, which must occur exactly once.
fn once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` once in:\n{text}");
    text.replacen(from, to, 1)
}

/// For each case: a fresh database, migrated from the schema, without drift; the edit; then
/// exactly the one expected difference.
fn check<C: Database>(dialect: Dialect, fresh: impl Fn() -> (Box<dyn std::any::Any>, String), cases: &[Case]) {
    let schema = schema(dialect);
    let dir = tempdir();
    let folder = dir.path().join("migrations");
    generate_migrations(&folder, dialect, &schema, 0);
    let migrations = Migrations::from_dir(&folder).unwrap();
    let mut failures = Vec::new();
    for case in cases {
        let (_db, url) = fresh();
        Migrator::new(&migrations)
            .run::<C>(&url)
            .unwrap_or_else(|e| panic!("{dialect}: migrating: {e}"));
        let before = drift_of(&mut C::establish(&url).unwrap(), &schema).unwrap();
        assert!(
            before.is_empty(),
            "{dialect}: a database migrated from the schema has drift:\n{before:#?}"
        );
        match &case.edit {
            Edit::Sql(sql) => C::establish(&url)
                .unwrap()
                .batch_execute(sql)
                .unwrap_or_else(|e| panic!("{dialect}, {}: {e}", case.fact)),
            Edit::SqliteTable(table, rewrite) => edit_sqlite_table(&url, table, *rewrite),
        }
        let found = drift_of(&mut C::establish(&url).unwrap(), &schema).unwrap();
        let exact = found.len() == 1 && found[0].object == case.object && found[0].message.contains(case.says);
        if !exact {
            failures.push(format!(
                "{}: expected one difference on `{}` saying {:?}, found:\n{}",
                case.fact,
                case.object,
                case.says,
                found
                    .iter()
                    .map(|d| format!("    [{}] {d}", d.object))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{dialect}:\n{}", failures.join("\n"));
}

#[test]
fn postgres() {
    if ServerDatabase::postgres().is_none() {
        return;
    }
    let fresh = || {
        let db = ServerDatabase::postgres().unwrap();
        let url = db.url.clone();
        (Box::new(db) as Box<dyn std::any::Any>, url)
    };
    check::<PgConnection>(
        Dialect::Postgres,
        fresh,
        &[
            Case {
                fact: "default",
                edit: Edit::Sql("ALTER TABLE items ALTER COLUMN qty SET DEFAULT 5"),
                object: "column qty",
                says: "default is 5 in the database, 0 in the schema",
            },
            Case {
                fact: "check expression",
                edit: Edit::Sql(
                    "ALTER TABLE items DROP CONSTRAINT items_qty_check;
                     ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 1)",
                ),
                object: "check items_qty_check",
                says: "is `CHECK (qty >= 1)` in the database, `CHECK (qty >= 0)` in the schema",
            },
            Case {
                fact: "partial-index predicate",
                edit: Edit::Sql(
                    "DROP INDEX idx_notes_open; CREATE INDEX idx_notes_open ON notes (id) WHERE open = false",
                ),
                object: "index idx_notes_open",
                says: "WHERE open = false in the database",
            },
            Case {
                fact: "DESC column",
                edit: Edit::Sql("DROP INDEX idx_items_name; CREATE INDEX idx_items_name ON items (name DESC)"),
                object: "index idx_items_name",
                says: "USING btree (name DESC) in the database, USING btree (name) in the schema",
            },
            Case {
                fact: "expression index key",
                edit: Edit::Sql(
                    "DROP INDEX idx_people_email_lower; CREATE INDEX idx_people_email_lower ON people (upper(email))",
                ),
                object: "index idx_people_email_lower",
                says: "USING btree (upper(email::text)) in the database, USING btree (lower(email::text)) in the schema",
            },
            Case {
                fact: "nulls placement",
                edit: Edit::Sql("DROP INDEX idx_handles_seen; CREATE INDEX idx_handles_seen ON handles (seen_at DESC)"),
                object: "index idx_handles_seen",
                says: "USING btree (seen_at DESC) in the database, USING btree (seen_at DESC NULLS LAST) in the schema",
            },
            Case {
                fact: "index storage parameter",
                edit: Edit::Sql("ALTER INDEX idx_handles_covering SET (fillfactor = 50)"),
                object: "index idx_handles_covering",
                says: "WITH (fillfactor='50') in the database",
            },
            Case {
                fact: "INCLUDE columns",
                edit: Edit::Sql(
                    "DROP INDEX idx_handles_covering; CREATE INDEX idx_handles_covering ON handles (handle) WITH (fillfactor = 70)",
                ),
                object: "index idx_handles_covering",
                says: "USING btree (handle) WITH (fillfactor='70') in the database",
            },
            Case {
                fact: "operator class",
                edit: Edit::Sql("DROP INDEX idx_handles_prefix; CREATE INDEX idx_handles_prefix ON handles (handle)"),
                object: "index idx_handles_prefix",
                says: "USING btree (handle) in the database, USING btree (handle varchar_pattern_ops) in the schema",
            },
            Case {
                fact: "array element type",
                edit: Edit::Sql("ALTER TABLE kinds ALTER COLUMN tags TYPE varchar(20)[]"),
                object: "column tags",
                says: "column `tags` is character varying(20)[] in the database, text[] in the schema",
            },
            Case {
                fact: "PostgreSQL's own type",
                edit: Edit::Sql("ALTER TABLE kinds ALTER COLUMN during TYPE tsrange USING NULL"),
                object: "column during",
                says: "column `during` is tsrange in the database, tstzrange in the schema",
            },
            Case {
                fact: "generated expression",
                edit: Edit::Sql(
                    "ALTER TABLE lines DROP COLUMN total;
                     ALTER TABLE lines ADD COLUMN total numeric(14,2) GENERATED ALWAYS AS (price * 2) STORED",
                ),
                object: "column total",
                says: "column `total` is GENERATED ALWAYS AS ((price * 2::numeric)) STORED in the database, GENERATED ALWAYS AS ((price * quantity::numeric)) STORED in the schema",
            },
            Case {
                fact: "deferrability",
                edit: Edit::Sql("ALTER TABLE items ALTER CONSTRAINT items_parent_id_fkey DEFERRABLE INITIALLY DEFERRED"),
                object: "foreign key items_parent_id_fkey",
                says: "DEFERRABLE INITIALLY DEFERRED in the database",
            },
            Case {
                fact: "deferrable key made not deferrable",
                edit: Edit::Sql("ALTER TABLE slots ALTER CONSTRAINT slots_parent_id_fkey NOT DEFERRABLE"),
                object: "foreign key slots_parent_id_fkey",
                says: "NOT DEFERRABLE in the database, (parent_id) REFERENCES parents (id) ON DELETE CASCADE ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED in the schema",
            },
            Case {
                fact: "deferrable unique",
                edit: Edit::Sql(
                    "ALTER TABLE seats DROP CONSTRAINT seats_place_key;
                     ALTER TABLE seats ADD CONSTRAINT seats_place_key UNIQUE (place) DEFERRABLE INITIALLY DEFERRED",
                ),
                object: "unique constraint seats_place_key",
                says: "is DEFERRABLE INITIALLY DEFERRED in the database, DEFERRABLE INITIALLY IMMEDIATE in the schema",
            },
            Case {
                fact: "NOT VALID check validated",
                edit: Edit::Sql("ALTER TABLE tallies VALIDATE CONSTRAINT tallies_qty_check"),
                object: "check tallies_qty_check",
                says: "is `CHECK (qty >= 0)` in the database, `CHECK (qty >= 0) NOT VALID` in the schema",
            },
            Case {
                fact: "NOT VALID foreign key validated",
                edit: Edit::Sql("ALTER TABLE tallies VALIDATE CONSTRAINT tallies_parent_id_fkey"),
                object: "foreign key tallies_parent_id_fkey",
                says: "NOT DEFERRABLE in the database, (parent_id) REFERENCES parents (id) ON DELETE CASCADE ON UPDATE NO ACTION NOT DEFERRABLE NOT VALID in the schema",
            },
            Case {
                fact: "declared primary key name",
                edit: Edit::Sql("ALTER TABLE slots RENAME CONSTRAINT slots_pk TO slots_pkey"),
                object: "primary key",
                says: "primary key name is slots_pkey in the database, slots_pk in the schema",
            },
            Case {
                fact: "renamed primary key",
                edit: Edit::Sql("ALTER TABLE items RENAME CONSTRAINT items_pkey TO items_pk"),
                object: "primary key",
                says: "primary key name is items_pk in the database, items_pkey in the schema",
            },
            Case {
                // The schema's serial is an identity column on PostgreSQL; made a serial by hand.
                fact: "identity to serial",
                edit: Edit::Sql(
                    "ALTER TABLE parents ALTER COLUMN id DROP IDENTITY;
                     CREATE SEQUENCE parents_id_seq OWNED BY parents.id;
                     ALTER TABLE parents ALTER COLUMN id SET DEFAULT nextval('parents_id_seq')",
                ),
                object: "column id",
                says: "is auto-incrementing (serial: a sequence default) in the database, an identity column (GENERATED BY DEFAULT) in the schema",
            },
            Case {
                fact: "serial to identity",
                edit: Edit::Sql(
                    "ALTER TABLE counters ALTER COLUMN id DROP DEFAULT;
                     DROP SEQUENCE counter_numbers;
                     ALTER TABLE counters ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME counter_numbers)",
                ),
                object: "column id",
                says: "is an identity column (GENERATED BY DEFAULT) in the database, auto-incrementing (serial: a sequence default) in the schema",
            },
            Case {
                fact: "identity kind",
                edit: Edit::Sql("ALTER TABLE tickets ALTER COLUMN id SET GENERATED BY DEFAULT"),
                object: "column id",
                says: "is an identity column (GENERATED BY DEFAULT) in the database, an identity column (GENERATED ALWAYS) in the schema",
            },
            Case {
                fact: "identity option",
                edit: Edit::Sql("ALTER TABLE tickets ALTER COLUMN id SET INCREMENT BY 5"),
                object: "column id",
                says: "sequence `tickets_id_seq` is START WITH 100 INCREMENT BY 5 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE in the database, START WITH 100 INCREMENT BY 10 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE in the schema",
            },
            Case {
                fact: "sequence name",
                edit: Edit::Sql("ALTER SEQUENCE counter_numbers RENAME TO counters_id_seq"),
                object: "column id",
                says: "takes its values from sequence `counters_id_seq` in the database, `counter_numbers` in the schema",
            },
            Case {
                fact: "sequence option",
                edit: Edit::Sql("ALTER SEQUENCE counter_numbers MAXVALUE 5000"),
                object: "column id",
                says: "sequence `counter_numbers` is START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 5000 CACHE 1 NO CYCLE in the database",
            },
            Case {
                // Plain `timestamp` (typmod -1) holds the same values as `timestamp(6)`, but is
                // not what the schema declares.
                fact: "time precision",
                edit: Edit::Sql("ALTER TABLE stamps ALTER COLUMN created_at TYPE timestamp"),
                object: "column created_at",
                says: "is timestamp without time zone in the database, timestamp(6) without time zone in the schema",
            },
            Case {
                fact: "time precision declared by hand",
                edit: Edit::Sql("ALTER TABLE stamps ALTER COLUMN plain_at TYPE timestamp(6)"),
                object: "column plain_at",
                says: "is timestamp(6) without time zone in the database, timestamp without time zone in the schema",
            },
            Case {
                fact: "enum value added",
                edit: Edit::Sql("ALTER TYPE mood ADD VALUE 'meh' BEFORE 'happy'"),
                object: "enum mood",
                says: "has the values (sad, ok, meh, happy) in the database, (sad, ok, happy) in the schema",
            },
            Case {
                fact: "enum value renamed",
                edit: Edit::Sql("ALTER TYPE mood RENAME VALUE 'sad' TO 'down'"),
                object: "enum mood",
                says: "has the values (down, ok, happy) in the database",
            },
            Case {
                fact: "enum comment",
                edit: Edit::Sql("COMMENT ON TYPE mood IS 'How it felt'"),
                object: "enum mood",
                says: "comment is Some(\"How it felt\") in the database",
            },
            Case {
                fact: "domain check changed",
                edit: Edit::Sql(
                    "ALTER DOMAIN positive_amount DROP CONSTRAINT positive_amount_check;
                     ALTER DOMAIN positive_amount ADD CONSTRAINT positive_amount_check CHECK (VALUE > 0)",
                ),
                object: "domain positive_amount",
                says: "check `positive_amount_check` of domain `positive_amount` is `CHECK ((VALUE > (0)::numeric))` in the database",
            },
            Case {
                fact: "domain default",
                edit: Edit::Sql("ALTER DOMAIN positive_amount SET DEFAULT 1"),
                object: "domain positive_amount",
                says: "default is 1 in the database",
            },
            Case {
                fact: "domain NOT NULL",
                edit: Edit::Sql("ALTER DOMAIN positive_amount DROP NOT NULL"),
                object: "domain positive_amount",
                says: "is nullable in the database, NOT NULL in the schema",
            },
            Case {
                fact: "composite field added",
                edit: Edit::Sql("ALTER TYPE money_pair ADD ATTRIBUTE rate numeric"),
                object: "composite money_pair",
                says: "field `rate` of composite `money_pair` exists in the database but not in the schema",
            },
            Case {
                fact: "composite field dropped",
                edit: Edit::Sql("ALTER TYPE money_pair DROP ATTRIBUTE note"),
                object: "composite money_pair",
                says: "field `note` of composite `money_pair` is missing",
            },
            Case {
                fact: "composite field retyped",
                edit: Edit::Sql("ALTER TYPE int_span ALTER ATTRIBUTE hi TYPE bigint"),
                object: "composite int_span",
                says: "field `hi` of composite `int_span` is bigint in the database, integer in the schema",
            },
            Case {
                fact: "composite comment",
                edit: Edit::Sql("COMMENT ON TYPE money_pair IS 'edited'"),
                object: "composite money_pair",
                says: "comment is Some(\"edited\") in the database",
            },
            Case {
                fact: "extension missing",
                edit: Edit::Sql("DROP EXTENSION hstore"),
                object: "extension hstore",
                says: "extension `hstore` is missing",
            },
            Case {
                fact: "column comment",
                edit: Edit::Sql("COMMENT ON COLUMN items.name IS 'edited by hand'"),
                object: "column name",
                says: "comment is Some(\"edited by hand\") in the database, Some(\"What it is called\") in the schema",
            },
            Case {
                fact: "check comment",
                edit: Edit::Sql("COMMENT ON CONSTRAINT ledgers_balance_check ON ledgers IS 'edited by hand'"),
                object: "check ledgers_balance_check",
                says: "comment is Some(\"edited by hand\") in the database, Some(\"Overdraft limit\") in the schema",
            },
            Case {
                fact: "unique constraint comment removed",
                edit: Edit::Sql("COMMENT ON CONSTRAINT ledgers_code_key ON ledgers IS NULL"),
                object: "unique constraint ledgers_code_key",
                says: "comment is None in the database, Some(\"Printed on statements\") in the schema",
            },
            Case {
                fact: "primary key comment",
                edit: Edit::Sql("COMMENT ON CONSTRAINT ledgers_pkey ON ledgers IS 'edited by hand'"),
                object: "primary key",
                says: "comment is Some(\"edited by hand\") in the database, Some(\"One ledger per book\")",
            },
            Case {
                fact: "foreign key comment added",
                edit: Edit::Sql("COMMENT ON CONSTRAINT items_parent_id_fkey ON items IS 'added by hand'"),
                object: "foreign key items_parent_id_fkey",
                says: "comment is Some(\"added by hand\") in the database, None in the schema",
            },
            Case {
                fact: "index comment",
                edit: Edit::Sql("COMMENT ON INDEX idx_ledgers_balance IS 'edited by hand'"),
                object: "index idx_ledgers_balance",
                says: "comment is Some(\"edited by hand\") in the database, Some(\"For the arrears report\") in the schema",
            },
            Case {
                fact: "exclusion predicate",
                edit: Edit::Sql(
                    "ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap;
                     ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&)",
                ),
                object: "exclusion bookings_no_overlap",
                says: "is `EXCLUDE USING gist (room_id WITH =, during WITH &&)` in the database, `EXCLUDE USING gist (room_id WITH =, during WITH &&) WHERE (NOT cancelled)` in the schema",
            },
            Case {
                fact: "exclusion removed",
                edit: Edit::Sql("ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap"),
                object: "exclusion bookings_no_overlap",
                says: "is missing",
            },
            Case {
                fact: "exclusion comment",
                edit: Edit::Sql("COMMENT ON CONSTRAINT bookings_cancelled_apart ON bookings IS 'edited by hand'"),
                object: "exclusion bookings_cancelled_apart",
                says: "comment is Some(\"edited by hand\") in the database, Some(\"Cancelled bookings do not overlap either\") in the schema",
            },
            Case {
                fact: "policy",
                edit: Edit::Sql("ALTER POLICY accounts_tenant_isolation ON accounts USING (true)"),
                object: "policy accounts_tenant_isolation",
                says: "USING (true)",
            },
            Case {
                fact: "trigger",
                edit: Edit::Sql(
                    "DROP TRIGGER items_updated_at ON items;
                     CREATE TRIGGER items_updated_at BEFORE UPDATE OF name ON items
                         FOR EACH ROW EXECUTE FUNCTION items_set_updated_at()",
                ),
                object: "trigger items_updated_at",
                says: "BEFORE UPDATE OF name ON items",
            },
            Case {
                fact: "function body",
                edit: Edit::Sql(
                    "CREATE OR REPLACE FUNCTION code_prefix(len integer DEFAULT 3) RETURNS text
                     LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT repeat('B', len) $$",
                ),
                object: "function code_prefix(len integer)",
                says: "repeat('B', len)",
            },
            Case {
                fact: "function volatility",
                edit: Edit::Sql("ALTER FUNCTION code_prefix(integer) STABLE"),
                object: "function code_prefix(len integer)",
                says: "LANGUAGE sql STABLE STRICT",
            },
            Case {
                fact: "function setting",
                edit: Edit::Sql("ALTER FUNCTION stock_touch() RESET search_path"),
                object: "function stock_touch()",
                says: "SET search_path=public, pg_temp",
            },
            Case {
                fact: "function comment",
                edit: Edit::Sql("COMMENT ON FUNCTION code_prefix(integer) IS 'edited by hand'"),
                object: "function code_prefix(len integer)",
                says: "comment is Some(\"edited by hand\") in the database, Some(\"A code of len letters A\") in the schema",
            },
            Case {
                fact: "function added by hand",
                edit: Edit::Sql("CREATE FUNCTION by_hand() RETURNS integer LANGUAGE sql AS 'SELECT 1'"),
                object: "function by_hand()",
                says: "exists in the database but not in the schema",
            },
            Case {
                fact: "declared trigger's WHEN",
                edit: Edit::Sql(
                    "DROP TRIGGER stock_touch ON stock;
                     CREATE TRIGGER stock_touch BEFORE UPDATE OF qty ON stock FOR EACH ROW
                         WHEN (NEW.qty > 0) EXECUTE FUNCTION stock_touch();
                     COMMENT ON TRIGGER stock_touch ON stock IS 'Counts the changes of qty'",
                ),
                object: "trigger stock_touch",
                says: "WHEN (new.qty > 0)",
            },
            Case {
                fact: "declared trigger disabled",
                edit: Edit::Sql("ALTER TABLE stock DISABLE TRIGGER stock_touch"),
                object: "trigger stock_touch",
                says: "trigger `stock_touch` is disabled in the database, enabled in the schema",
            },
            Case {
                fact: "declared trigger missing",
                edit: Edit::Sql("DROP TRIGGER stock_batch ON stock"),
                object: "trigger stock_batch",
                says: "trigger `stock_batch` is missing",
            },
            Case {
                fact: "declared trigger comment",
                edit: Edit::Sql("COMMENT ON TRIGGER stock_batch ON stock IS 'by hand'"),
                object: "trigger stock_batch",
                says: "comment is Some(\"by hand\") in the database, None in the schema",
            },
            Case {
                fact: "foreign key added",
                edit: Edit::Sql(
                    "ALTER TABLE items ADD CONSTRAINT items_other_id_fkey FOREIGN KEY (other_id) REFERENCES parents (id) ON DELETE RESTRICT",
                ),
                object: "foreign key items_other_id_fkey",
                says: "exists in the database but not in the schema",
            },
            Case {
                fact: "foreign key removed",
                edit: Edit::Sql("ALTER TABLE items DROP CONSTRAINT items_parent_id_fkey"),
                object: "foreign key items_parent_id_fkey",
                says: "is missing",
            },
            Case {
                fact: "view query",
                edit: Edit::Sql(
                    "CREATE OR REPLACE VIEW shelf_labels AS SELECT id, label FROM shelves WHERE qty > 1",
                ),
                object: "view shelf_labels",
                says: "WHERE shelves.qty > 1",
            },
            Case {
                fact: "view dropped",
                edit: Edit::Sql("DROP VIEW shelf_labels"),
                object: "view shelf_labels",
                says: "view `shelf_labels` is missing",
            },
            Case {
                fact: "view comment",
                edit: Edit::Sql("COMMENT ON VIEW shelf_labels IS 'by hand'"),
                object: "view shelf_labels",
                says: "comment is Some(\"by hand\") in the database, Some(\"Shelves in use\") in the schema",
            },
            Case {
                fact: "materialized view index",
                edit: Edit::Sql("DROP INDEX shelf_totals_label_key"),
                object: "materialized view shelf_totals",
                says: "index `shelf_totals_label_key` of materialized view `shelf_totals` is missing",
            },
            Case {
                fact: "materialized view comment",
                edit: Edit::Sql("COMMENT ON MATERIALIZED VIEW shelf_totals IS NULL"),
                object: "materialized view shelf_totals",
                says: "comment is None in the database, Some(\"Stock per label\") in the schema",
            },
        ],
    );
}

#[test]
fn mariadb() {
    if ServerDatabase::mysql().is_none() {
        return;
    }
    let fresh = || {
        let db = ServerDatabase::mysql().unwrap();
        let url = db.url.clone();
        (Box::new(db) as Box<dyn std::any::Any>, url)
    };
    check::<MysqlConnection>(
        Dialect::Mysql,
        fresh,
        &[
            Case {
                fact: "default",
                edit: Edit::Sql("ALTER TABLE items ALTER COLUMN qty SET DEFAULT 5"),
                object: "column qty",
                says: "default is 5 in the database, 0 in the schema",
            },
            Case {
                fact: "check expression",
                edit: Edit::Sql(
                    "ALTER TABLE items DROP CONSTRAINT items_qty_check;
                     ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 1)",
                ),
                object: "check items_qty_check",
                says: ">= 1` in the database",
            },
            Case {
                fact: "DESC column",
                edit: Edit::Sql("DROP INDEX idx_items_name ON items; CREATE INDEX idx_items_name ON items (name DESC)"),
                object: "index idx_items_name",
                says: "USING BTREE (`name` DESC) in the database, USING BTREE (`name`) in the schema",
            },
            Case {
                fact: "generated expression",
                edit: Edit::Sql("ALTER TABLE `lines` MODIFY `total` DECIMAL(14,2) AS (`price` * 2) STORED"),
                object: "column total",
                says: "column `total` is GENERATED ALWAYS AS (`price` * 2) STORED in the database, GENERATED ALWAYS AS (`price` * `quantity`) STORED in the schema",
            },
            Case {
                fact: "auto-increment removed",
                edit: Edit::Sql("ALTER TABLE parents MODIFY id INT NOT NULL"),
                object: "column id",
                says: "is not generated in the database, auto-incrementing",
            },
            Case {
                fact: "time precision",
                edit: Edit::Sql("ALTER TABLE stamps MODIFY seen_at TIMESTAMP(6) NULL"),
                object: "column seen_at",
                says: "is timestamp(6) in the database, timestamp(3) in the schema",
            },
            Case {
                fact: "column comment",
                edit: Edit::Sql("ALTER TABLE items MODIFY name VARCHAR(40) NOT NULL COMMENT 'edited by hand'"),
                object: "column name",
                says: "comment is Some(\"edited by hand\") in the database",
            },
            Case {
                fact: "trigger",
                edit: Edit::Sql("CREATE TRIGGER items_audit BEFORE INSERT ON items FOR EACH ROW SET NEW.qty = NEW.qty"),
                object: "trigger items_audit",
                says: "exists in the database but not in the schema",
            },
            Case {
                fact: "foreign key added",
                edit: Edit::Sql(
                    "ALTER TABLE items ADD CONSTRAINT items_other_id_fkey FOREIGN KEY (other_id) REFERENCES parents (id) ON DELETE RESTRICT",
                ),
                object: "foreign key items_other_id_fkey",
                says: "exists in the database but not in the schema",
            },
            Case {
                fact: "foreign key removed",
                edit: Edit::Sql("ALTER TABLE items DROP FOREIGN KEY items_parent_id_fkey"),
                object: "foreign key items_parent_id_fkey",
                says: "is missing",
            },
            Case {
                fact: "view query",
                edit: Edit::Sql("CREATE OR REPLACE VIEW shelf_labels AS SELECT id, label FROM shelves WHERE qty > 1"),
                object: "view shelf_labels",
                says: "defined differently",
            },
            Case {
                fact: "view dropped",
                edit: Edit::Sql("DROP VIEW shelf_labels"),
                object: "view shelf_labels",
                says: "view `shelf_labels` is missing",
            },
        ],
    );
}

#[test]
fn sqlite() {
    let fresh = || {
        let db = SqliteDatabase::new();
        let url = db.path.to_str().unwrap().to_string();
        (Box::new(db) as Box<dyn std::any::Any>, url)
    };
    check::<SqliteConnection>(
        Dialect::Sqlite,
        fresh,
        &[
            Case {
                fact: "default",
                edit: Edit::SqliteTable("items", |sql| once(sql, "DEFAULT 0", "DEFAULT 5")),
                object: "column qty",
                says: "default is 5 in the database, 0 in the schema",
            },
            Case {
                fact: "check expression",
                edit: Edit::SqliteTable("items", |sql| once(sql, "qty >= 0", "qty >= 1")),
                object: "check items_qty_check",
                says: "is `qty >= 1` in the database, `qty >= 0` in the schema",
            },
            Case {
                fact: "partial-index predicate",
                edit: Edit::Sql(
                    "DROP INDEX idx_notes_open; CREATE INDEX idx_notes_open ON notes (id) WHERE open = false",
                ),
                object: "index idx_notes_open",
                says: "WHERE open = false in the database",
            },
            Case {
                fact: "DESC column",
                edit: Edit::Sql("DROP INDEX idx_items_name; CREATE INDEX idx_items_name ON items (name DESC)"),
                object: "index idx_items_name",
                says: "(\"name\" DESC) in the database, (\"name\") in the schema",
            },
            Case {
                fact: "expression index key",
                edit: Edit::Sql(
                    "DROP INDEX idx_people_email_lower; CREATE INDEX idx_people_email_lower ON people (upper(email))",
                ),
                object: "index idx_people_email_lower",
                says: "((upper(email))) in the database, ((lower(email))) in the schema",
            },
            Case {
                fact: "deferrability",
                edit: Edit::SqliteTable("items", |sql| {
                    once(
                        sql,
                        "ON DELETE CASCADE",
                        "ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED",
                    )
                }),
                object: "foreign key items_parent_id_fkey",
                says: "DEFERRABLE INITIALLY DEFERRED in the database",
            },
            Case {
                fact: "deferrable key made not deferrable",
                edit: Edit::SqliteTable("slots", |sql| once(sql, " DEFERRABLE INITIALLY DEFERRED", "")),
                object: "foreign key slots_parent_id_fkey",
                says: "ON UPDATE NO ACTION NOT DEFERRABLE in the database",
            },
            Case {
                fact: "declared primary key name",
                edit: Edit::SqliteTable("slots", |sql| {
                    once(sql, "CONSTRAINT \"slots_pk\"", "CONSTRAINT \"slots_pkey\"")
                }),
                object: "primary key",
                says: "primary key name is slots_pkey in the database, slots_pk in the schema",
            },
            Case {
                fact: "renamed primary key",
                edit: Edit::SqliteTable("items", |sql| {
                    once(sql, "CONSTRAINT \"items_pkey\"", "CONSTRAINT \"items_pk\"")
                }),
                object: "primary key",
                says: "primary key name is items_pk in the database, items_pkey in the schema",
            },
            Case {
                fact: "generated expression",
                edit: Edit::SqliteTable("lines", |sql| once(sql, "AS (price * quantity)", "AS (price * 2)")),
                object: "column total",
                says: "column `total` is GENERATED ALWAYS AS (price * 2) STORED in the database, GENERATED ALWAYS AS (price * quantity) STORED in the schema",
            },
            Case {
                fact: "trigger",
                edit: Edit::Sql(
                    "DROP TRIGGER items_updated_at;
                     CREATE TRIGGER items_updated_at AFTER UPDATE OF name ON items FOR EACH ROW
                     BEGIN UPDATE items SET updated_at = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END",
                ),
                object: "trigger items_updated_at",
                says: "AFTER UPDATE OF name ON items",
            },
            Case {
                fact: "foreign key added",
                edit: Edit::SqliteTable("items", |sql| {
                    let end = sql.rfind(')').unwrap();
                    format!(
                        "{},\n    CONSTRAINT \"items_other_id_fkey\" FOREIGN KEY (\"other_id\") REFERENCES \"parents\" (\"id\") ON DELETE RESTRICT\n)",
                        sql[..end].trim_end()
                    )
                }),
                object: "foreign key items_other_id_fkey",
                says: "exists in the database but not in the schema",
            },
            Case {
                fact: "foreign key removed",
                edit: Edit::SqliteTable("items", |sql| {
                    // The clause, from the comma before it to the end of its ON DELETE action.
                    let start = sql.find(",\n    CONSTRAINT \"items_parent_id_fkey\"").unwrap();
                    let end = start + sql[start..].find("ON DELETE CASCADE").unwrap() + "ON DELETE CASCADE".len();
                    format!("{}{}", &sql[..start], &sql[end..])
                }),
                object: "foreign key items_parent_id_fkey",
                says: "is missing",
            },
            Case {
                fact: "view query",
                edit: Edit::Sql(
                    "DROP VIEW shelf_labels; CREATE VIEW shelf_labels AS SELECT id, label FROM shelves WHERE qty > 1",
                ),
                object: "view shelf_labels",
                says: "defined differently",
            },
            Case {
                fact: "view dropped",
                edit: Edit::Sql("DROP VIEW shelf_labels"),
                object: "view shelf_labels",
                says: "view `shelf_labels` is missing",
            },
        ],
    );
}

/// What an extension creates (functions, types, operators) belongs to the extension: a database
/// with `pg_trgm` and `citext` installed has no more drift than one without.
#[test]
fn postgres_extension_objects_are_not_drift() {
    let Some(db) = ServerDatabase::postgres() else { return };
    let schema = schema(Dialect::Postgres);
    let dir = tempdir();
    let folder = dir.path().join("migrations");
    generate_migrations(&folder, Dialect::Postgres, &schema, 0);
    Migrator::new(&Migrations::from_dir(&folder).unwrap())
        .run::<PgConnection>(&db.url)
        .unwrap();
    let mut conn = PgConnection::establish(&db.url).unwrap();
    conn.batch_execute("CREATE EXTENSION pg_trgm; CREATE EXTENSION citext;")
        .unwrap();
    assert_eq!(drift_of(&mut conn, &schema).unwrap(), vec![]);
    // Neither is a function the schema declares `external` (another team's), whatever it is.
    conn.batch_execute("CREATE FUNCTION legacy_code() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$")
        .unwrap();
    assert_eq!(drift_of(&mut conn, &schema).unwrap(), vec![]);
    // A function of one's own is still reported.
    conn.batch_execute("CREATE FUNCTION by_hand() RETURNS integer LANGUAGE sql AS 'SELECT 1'")
        .unwrap();
    let found = drift_of(&mut conn, &schema).unwrap();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].object, "function by_hand()");
    assert!(found[0]
        .message
        .contains("exists in the database but not in the schema"));
}

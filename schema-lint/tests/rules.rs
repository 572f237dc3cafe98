//! One test per rule: the findings for a bad migration (snapshot of their display), and no
//! finding at all, from any rule, for the fixed migration(s). Migrations are linted on their own,
//! so every table they do not create is an existing, possibly large table in use.

use tablewright_lint::{lint_sql, Dialect, Options, RULES};

use Dialect::{Mysql, Postgres, Sqlite};

struct Case {
    rule: &'static str,
    dialect: Dialect,
    options: Options,
    report: String,
}

fn case(rule: &'static str) -> Case {
    assert!(RULES.iter().any(|r| r.name == rule), "no rule {rule}");
    Case {
        rule,
        dialect: Postgres,
        options: Options::default(),
        report: String::new(),
    }
}

fn no_transaction() -> Options {
    Options {
        run_in_transaction: false,
        ..Options::default()
    }
}

impl Case {
    fn on(mut self, dialect: Dialect) -> Case {
        self.dialect = dialect;
        self
    }

    fn with(mut self, options: Options) -> Case {
        self.options = options;
        self
    }

    /// `sql` gets at least one finding of the rule; they are added to the report.
    #[track_caller]
    fn bad(mut self, sql: &str) -> Case {
        let sql = sql.trim_start_matches('\n');
        let all = lint_sql(sql, self.dialect, &self.options);
        let found: Vec<String> = all
            .iter()
            .filter(|f| f.rule == self.rule)
            .map(|f| f.to_string())
            .collect();
        assert!(
            !found.is_empty(),
            "no `{}` on {} for:\n{sql}\nfound:\n{}",
            self.rule,
            self.dialect,
            all.iter().map(|f| format!("{f}\n")).collect::<String>()
        );
        let transaction = if self.options.run_in_transaction {
            ""
        } else {
            ", run_in_transaction = false"
        };
        self.report.push_str(&format!(
            "======== {}{transaction}\n{sql}\n-------- findings\n",
            self.dialect
        ));
        for finding in found {
            self.report.push_str(&finding);
            self.report.push_str("\n\n");
        }
        self
    }

    /// `sql` gets no finding from any rule.
    #[track_caller]
    fn fixed(self, sql: &str) -> Case {
        let all = lint_sql(sql.trim_start_matches('\n'), self.dialect, &self.options);
        assert!(
            all.is_empty(),
            "the fixed migration still has findings on {}:\n{sql}\n{}",
            self.dialect,
            all.iter().map(|f| format!("{f}\n")).collect::<String>()
        );
        self
    }
}

macro_rules! snapshot {
    ($case:expr) => {
        insta::assert_snapshot!($case.report)
    };
}

// ---- Data loss ----------------------------------------------------------------------------------

#[test]
fn drop_table() {
    let c = case("drop-table")
        .bad("DROP TABLE old_lots;")
        .bad("DROP TABLE IF EXISTS old_lots, old_moves CASCADE;")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
-- tablewright-lint: ignore drop-table (copied to old_lots_backup by 20260301000000_backup_old_lots)
DROP TABLE old_lots;
"#,
        )
        // A table created by the same migration holds nothing yet.
        .fixed("CREATE TABLE scratch (id bigint PRIMARY KEY);\nDROP TABLE scratch;")
        // Rows copied first are kept (a backup, or SQLite's table rebuild).
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE TABLE old_lots_backup AS SELECT * FROM old_lots;
DROP TABLE old_lots;
"#,
        )
        .fixed("SET LOCAL lock_timeout = '5s';\nCREATE TABLE old_lots_backup AS TABLE old_lots;\nDROP TABLE old_lots;")
        // Rows moved elsewhere, then the table dropped.
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
WITH moved AS (DELETE FROM old_lots RETURNING *) INSERT INTO lots_archive SELECT * FROM moved;
DROP TABLE old_lots;
"#,
        )
        .on(Sqlite)
        .bad("DROP TABLE old_lots;")
        .fixed(
            r#"
CREATE TABLE "_rebuild_lots" ("lot_id" INTEGER PRIMARY KEY, "lot_code" TEXT NOT NULL);
INSERT INTO "_rebuild_lots" ("lot_id", "lot_code") SELECT "lot_id", "lot_code" FROM "lots";
DROP TABLE "lots";
ALTER TABLE "_rebuild_lots" RENAME TO "lots";
"#,
        )
        .on(Mysql)
        .bad("DROP TABLE `old_lots`;");
    snapshot!(c);
}

#[test]
fn drop_column() {
    let c = case("drop-column")
        .bad("ALTER TABLE lots DROP COLUMN legacy_code, DROP COLUMN legacy_note;")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE TABLE lots_legacy_code_backup AS SELECT lot_id, legacy_code FROM lots;
-- tablewright-lint: ignore drop-column (values kept in lots_legacy_code_backup)
ALTER TABLE lots DROP COLUMN legacy_code;
"#,
        )
        .on(Sqlite)
        .bad("ALTER TABLE lots DROP COLUMN legacy_code;");
    snapshot!(c);
}

#[test]
fn truncate_table() {
    let c = case("truncate-table")
        .bad("TRUNCATE audit_log, audit_detail;")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
TRUNCATE audit_log; -- tablewright-lint: ignore truncate-table (rebuilt from the event stream)
"#,
        )
        .on(Mysql)
        .bad("TRUNCATE TABLE audit_log;");
    snapshot!(c);
}

#[test]
fn delete_without_where() {
    let c = case("delete-without-where")
        .bad("DELETE FROM sessions;")
        .fixed("DELETE FROM sessions WHERE expires_at < now() - interval '30 days';")
        .on(Sqlite)
        .bad("DELETE FROM sessions;")
        .fixed("DELETE FROM sessions WHERE expires_at < datetime('now', '-30 days');");
    snapshot!(c);
}

// ---- Rewrites and blocking locks ---------------------------------------------------------------

#[test]
fn changing_column_type() {
    let c = case("changing-column-type")
        .bad("ALTER TABLE lots ALTER COLUMN quantity TYPE bigint USING quantity::bigint;")
        .bad("ALTER TABLE lots ALTER COLUMN lot_code SET DATA TYPE text;")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots ADD COLUMN quantity_big bigint;
"#,
        )
        .on(Mysql)
        .bad("ALTER TABLE lots MODIFY COLUMN quantity BIGINT NOT NULL;")
        .fixed("SET SESSION lock_wait_timeout = 5;\nALTER TABLE lots ADD COLUMN quantity_big BIGINT NULL;");
    snapshot!(c);
}

#[test]
fn changing_timestamp_to_timestamptz_in_utc() {
    let c = case("changing-column-type")
        // Without a UTC session the values are reinterpreted: a rewrite.
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE scans ALTER COLUMN scanned_at TYPE timestamptz;")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
SET LOCAL timezone = 'UTC';
ALTER TABLE scans ALTER COLUMN scanned_at TYPE timestamptz;
"#,
        );
    snapshot!(c);
}

#[test]
fn adding_volatile_default() {
    let c = case("adding-volatile-default")
        .bad(
            r#"
ALTER TABLE lots ADD COLUMN external_ref uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE lots ADD COLUMN jitter double precision DEFAULT random() * 10;
ALTER TABLE lots ADD COLUMN line_no bigserial;
ALTER TABLE lots ADD COLUMN row_no bigint GENERATED ALWAYS AS IDENTITY;
"#,
        )
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
-- now() is stable: PostgreSQL 11+ stores it once, without a rewrite.
ALTER TABLE lots ADD COLUMN received_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE lots ADD COLUMN external_ref uuid;
ALTER TABLE lots ALTER COLUMN external_ref SET DEFAULT gen_random_uuid();
"#,
        )
        .on(Sqlite)
        .bad("ALTER TABLE lots ADD COLUMN received_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP;")
        .fixed("ALTER TABLE lots ADD COLUMN received_at TEXT NOT NULL DEFAULT '1970-01-01 00:00:00';");
    snapshot!(c);
    let own = case("adding-volatile-default")
        // A function of the same history without a volatility marker is VOLATILE.
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE FUNCTION random_string(n int) RETURNS text LANGUAGE sql AS $$ SELECT substr(md5(random()::text), 1, n) $$;
ALTER TABLE lots ADD COLUMN token text DEFAULT random_string(26);
"#,
        )
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE FUNCTION padded(n int) RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT lpad(n::text, 6, '0') $$;
ALTER TABLE lots ADD COLUMN token text DEFAULT padded(26);
"#,
        );
    insta::assert_snapshot!("adding_volatile_default_own_functions", own.report);
}

#[test]
fn setting_not_null() {
    let c = case("setting-not-null")
        .bad("ALTER TABLE lots ALTER COLUMN supplier_id SET NOT NULL;")
        // A valid check of another column proves nothing about this one.
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots ADD CONSTRAINT lots_note_not_null CHECK (note IS NOT NULL) NOT VALID;
COMMIT;
ALTER TABLE lots VALIDATE CONSTRAINT lots_note_not_null;
ALTER TABLE lots ALTER COLUMN supplier_id SET NOT NULL;
"#,
        )
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots ADD CONSTRAINT lots_supplier_id_not_null CHECK (supplier_id IS NOT NULL) NOT VALID;
"#,
        )
        // The next migration.
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots VALIDATE CONSTRAINT lots_supplier_id_not_null;
ALTER TABLE lots ALTER COLUMN supplier_id SET NOT NULL;
ALTER TABLE lots DROP CONSTRAINT lots_supplier_id_not_null;
"#,
        );
    snapshot!(c);
}

#[test]
fn adding_required_column() {
    let c = case("adding-required-column")
        .bad("ALTER TABLE lots ADD COLUMN supplier_code text NOT NULL;")
        .fixed("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ADD COLUMN supplier_code text;")
        .fixed("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ADD COLUMN priority integer NOT NULL DEFAULT 5;")
        .on(Sqlite)
        .bad("ALTER TABLE lots ADD COLUMN supplier_code TEXT NOT NULL;")
        .on(Mysql)
        .bad("ALTER TABLE lots ADD COLUMN supplier_code VARCHAR(20) NOT NULL;");
    snapshot!(c);
}

#[test]
fn vacuum_full() {
    let c = case("vacuum-full")
        .with(no_transaction())
        .bad("VACUUM FULL lots;")
        .bad("VACUUM (FULL, ANALYZE) lots;")
        .bad("VACUUM FULL;")
        .fixed("VACUUM ANALYZE lots;")
        .fixed("CREATE TABLE scratch (id bigint PRIMARY KEY);\nVACUUM FULL scratch;");
    snapshot!(c);
}

#[test]
fn cluster() {
    let c = case("cluster")
        .bad("CLUSTER lots USING idx_lots_expiration_date;")
        .bad("CLUSTER VERBOSE;")
        .fixed(
            r#"
CREATE TABLE scratch (id bigint PRIMARY KEY);
CREATE INDEX idx_scratch_id ON scratch (id);
CLUSTER scratch USING idx_scratch_id;
"#,
        );
    snapshot!(c);
}

#[test]
fn missing_lock_timeout() {
    let c = case("missing-lock-timeout")
        .bad(
            r#"
ALTER TABLE lots ADD COLUMN note text;
COMMENT ON COLUMN lots.note IS 'Free text';
CREATE POLICY lots_audit ON lots FOR SELECT USING (false);
"#,
        )
        // Zero means no timeout.
        .bad("SET lock_timeout = 0;\nALTER TABLE lots ADD COLUMN note text;")
        .fixed("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ADD COLUMN note text;")
        .fixed("SELECT set_config('lock_timeout', '3s', true);\nALTER TABLE lots ADD COLUMN note text;")
        // Outside a transaction, a transaction-local timeout does nothing.
        .with(no_transaction())
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ADD COLUMN note text;")
        .fixed("SET lock_timeout = '5s';\nALTER TABLE lots ADD COLUMN note text;")
        .with(Options::default())
        .on(Mysql)
        .bad("ALTER TABLE lots ADD COLUMN note TEXT NULL;")
        .fixed("SET SESSION lock_wait_timeout = 5;\nALTER TABLE lots ADD COLUMN note TEXT NULL;");
    snapshot!(c);
}

#[test]
fn missing_lock_timeout_counts_only_the_timeout() {
    let c = case("missing-lock-timeout")
        // A custom setting that happens to end in lock_timeout is not the timeout.
        .bad("SET foo.lock_timeout = '1s';\nALTER TABLE lots ADD COLUMN note text;")
        .bad("REINDEX TABLE lots;")
        .bad("COMMENT ON TABLE lots IS 'Inventory lots';")
        .bad("LOCK TABLE lots IN SHARE MODE;");
    snapshot!(c);
}

#[test]
fn missing_statement_timeout() {
    let c = case("missing-statement-timeout")
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ALTER COLUMN quantity TYPE bigint;")
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ADD CONSTRAINT lots_code_key UNIQUE (lot_code);")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';
-- tablewright-lint: ignore changing-column-type (lots holds 200 rows)
ALTER TABLE lots ALTER COLUMN quantity TYPE bigint;
"#,
        )
        // Adding a nullable column takes the lock for an instant: no statement timeout needed.
        .fixed("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ADD COLUMN note text;");
    snapshot!(c);
}

#[test]
fn reindex_not_concurrently() {
    let c = case("reindex-not-concurrently")
        .bad("REINDEX INDEX idx_lots_material_id;")
        .bad("REINDEX (VERBOSE) TABLE lots;")
        .with(no_transaction())
        .bad("REINDEX SCHEMA public;")
        .fixed("REINDEX INDEX CONCURRENTLY idx_lots_material_id;")
        .fixed("REINDEX TABLE CONCURRENTLY lots;")
        .with(Options::default())
        // A table of the same migration has no readers yet.
        .fixed("CREATE TABLE scratch (id bigint PRIMARY KEY);\nREINDEX TABLE scratch;");
    snapshot!(c);
}

#[test]
fn refresh_materialized_view_not_concurrently() {
    let c = case("refresh-materialized-view-not-concurrently")
        .bad("REFRESH MATERIALIZED VIEW lot_totals;")
        .fixed("REFRESH MATERIALIZED VIEW CONCURRENTLY lot_totals;")
        .fixed("CREATE MATERIALIZED VIEW lot_totals AS SELECT 1 AS one;\nREFRESH MATERIALIZED VIEW lot_totals;");
    snapshot!(c);
}

#[test]
fn backfill_in_one_statement() {
    let c = case("backfill-in-one-statement")
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots ADD COLUMN status text;
UPDATE lots SET status = 'new' WHERE created_at > '2020-01-01';
"#,
        )
        .bad("UPDATE lots SET status = 'new' WHERE status IS NULL;")
        // One batch by key range, as a backfill job runs it.
        .fixed("UPDATE lots SET status = 'new' WHERE status IS NULL AND lot_id BETWEEN 1 AND 5000;");
    snapshot!(c);
}

#[test]
fn update_without_where() {
    let c = case("update-without-where")
        .bad("UPDATE lots SET is_active = false;")
        .fixed("UPDATE lots SET is_active = false WHERE expiration_date < now();")
        .fixed("CREATE TABLE scratch (id bigint PRIMARY KEY, n int);\nUPDATE scratch SET n = 0;")
        .on(Mysql)
        .bad("UPDATE `lots` SET `is_active` = 0;");
    snapshot!(c);
}

#[test]
fn drop_database() {
    let c = case("drop-database")
        .bad("DROP DATABASE warehouse;")
        .bad("DROP DATABASE IF EXISTS staging;");
    snapshot!(c);
}

#[test]
fn adding_exclusion_constraint() {
    let c = case("adding-exclusion-constraint")
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);")
        .fixed("CREATE TABLE bookings (room_id int, during tstzrange, EXCLUDE USING gist (room_id WITH =, during WITH &&));");
    snapshot!(c);
}

#[test]
fn adding_domain_constraint() {
    let c = case("adding-domain-constraint")
        .bad("ALTER DOMAIN positive_qty ADD CONSTRAINT positive_qty_check CHECK (VALUE > 0);")
        .fixed("ALTER DOMAIN positive_qty ADD CONSTRAINT positive_qty_check CHECK (VALUE > 0) NOT VALID;")
        .fixed("ALTER DOMAIN positive_qty VALIDATE CONSTRAINT positive_qty_check;");
    snapshot!(c);
}

#[test]
fn drop_primary_key() {
    let c = case("drop-primary-key")
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots DROP CONSTRAINT lots_pkey;")
        .fixed("CREATE TABLE scratch (id bigint PRIMARY KEY);\nALTER TABLE scratch DROP CONSTRAINT scratch_pkey;")
        // Swapped for a key whose index was built concurrently, in one statement.
        .fixed("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots DROP CONSTRAINT lots_pkey, ADD CONSTRAINT lots_pkey PRIMARY KEY USING INDEX lots_pkey_new;")
        .on(Mysql)
        .bad("SET SESSION lock_wait_timeout = 5;\nALTER TABLE lots DROP PRIMARY KEY;");
    snapshot!(c);
}

#[test]
fn detach_partition_not_concurrently() {
    let c = case("detach-partition-not-concurrently")
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE measurements DETACH PARTITION measurements_2023;")
        .with(no_transaction())
        .fixed("SET lock_timeout = '5s';\nALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY;");
    snapshot!(c);
}

#[test]
fn renaming_schema() {
    let c = case("renaming-schema").bad("ALTER SCHEMA inventory RENAME TO stock;");
    snapshot!(c);
}

#[test]
fn drop_not_null() {
    let c = case("drop-not-null")
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ALTER COLUMN lot_code DROP NOT NULL;")
        .fixed("CREATE TABLE scratch (id bigint NOT NULL);\nALTER TABLE scratch ALTER COLUMN id DROP NOT NULL;");
    snapshot!(c);
}

#[test]
fn statements_the_parser_cannot_read_but_are_valid() {
    for sql in [
        "CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA public;",
        "ALTER INDEX IF EXISTS idx_a RENAME TO idx_b;",
        "COMMENT ON FUNCTION touch(int4) IS 'x';",
    ] {
        let findings = lint_sql(sql, Postgres, &Options::default());
        assert!(findings.is_empty(), "{sql}: {findings:?}");
    }
    // Not a VACUUM FULL (and refused in a transaction, as every VACUUM).
    let findings = lint_sql("VACUUM (FULL FALSE) lots;", Postgres, &no_transaction());
    assert!(findings.is_empty(), "{findings:?}");
    // Read, and linted for its lock.
    let findings = lint_sql(
        "COMMENT ON CONSTRAINT lots_code_key ON lots IS 'x';",
        Postgres,
        &Options::default(),
    );
    assert_eq!(
        findings.iter().map(|f| f.rule).collect::<Vec<_>>(),
        ["missing-lock-timeout"]
    );
}

// ---- Indexes and constraints -------------------------------------------------------------------

#[test]
fn create_index_not_concurrently() {
    let c = case("create-index-not-concurrently")
        .bad("CREATE INDEX idx_lots_material_id ON lots (material_id);")
        .bad("CREATE UNIQUE INDEX idx_lots_code\n    ON lots (tenant_id, lot_code);")
        .fixed(
            r#"
CREATE TABLE lot_moves (move_id bigint PRIMARY KEY, moved_at timestamptz NOT NULL);
CREATE INDEX idx_lot_moves_moved_at ON lot_moves (moved_at);
"#,
        )
        .with(no_transaction())
        .fixed("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_lots_material_id ON lots (material_id);");
    snapshot!(c);
}

#[test]
fn drop_index_not_concurrently() {
    let c = case("drop-index-not-concurrently")
        .bad("DROP INDEX idx_lots_old;")
        .bad("DROP INDEX IF EXISTS idx_lots_a, idx_lots_b;")
        .fixed(
            r#"
CREATE TABLE scratch (id bigint PRIMARY KEY, a int);
CREATE INDEX idx_scratch_a ON scratch (a);
DROP INDEX idx_scratch_a;
"#,
        )
        .with(no_transaction())
        .fixed("DROP INDEX CONCURRENTLY IF EXISTS idx_lots_old;");
    snapshot!(c);
}

#[test]
fn refused_in_transaction() {
    let c = case("refused-in-transaction")
        .bad("CREATE INDEX CONCURRENTLY idx_lots_material_id ON lots (material_id);")
        .bad("DROP INDEX CONCURRENTLY IF EXISTS idx_lots_old;")
        .bad("REINDEX INDEX CONCURRENTLY idx_lots_material_id;")
        .with(no_transaction())
        .bad(
            r#"
BEGIN;
CREATE INDEX CONCURRENTLY idx_lots_material_id ON lots (material_id);
COMMIT;
"#,
        )
        .fixed("CREATE INDEX CONCURRENTLY idx_lots_material_id ON lots (material_id);")
        .fixed("VACUUM ANALYZE lots;");
    snapshot!(c);
}

#[test]
fn transaction_control() {
    let seed_style = r#"
BEGIN;
CREATE TABLE lot_notes (note_id bigint PRIMARY KEY, body text NOT NULL);
COMMIT;
"#;
    let c = case("transaction-control")
        .bad(seed_style)
        .fixed("CREATE TABLE lot_notes (note_id bigint PRIMARY KEY, body text NOT NULL);")
        .on(Sqlite)
        .bad(seed_style)
        .on(Mysql)
        .bad("START TRANSACTION;\nCREATE TABLE lot_notes (note_id BIGINT PRIMARY KEY);\nROLLBACK;")
        .with(no_transaction())
        .fixed("START TRANSACTION;\nCREATE TABLE lot_notes (note_id BIGINT PRIMARY KEY);\nCOMMIT;")
        .on(Postgres)
        // Outside the runner's transaction: a BEGIN never committed, and one inside another.
        .bad("BEGIN;\nCREATE TABLE lot_notes (note_id bigint PRIMARY KEY);")
        .bad("BEGIN;\nBEGIN;\nCREATE TABLE lot_notes (note_id bigint PRIMARY KEY);\nCOMMIT;\nCOMMIT;");
    snapshot!(c);
}

#[test]
fn constraint_missing_not_valid_in_an_explicit_transaction() {
    let c = case("constraint-missing-not-valid")
        .with(no_transaction())
        .bad(
            r#"
SET lock_timeout = '5s';
BEGIN;
ALTER TABLE lots ADD CONSTRAINT lots_quantity_check CHECK (quantity >= 0) NOT VALID;
ALTER TABLE lots VALIDATE CONSTRAINT lots_quantity_check;
COMMIT;
"#,
        )
        .fixed(
            r#"
SET lock_timeout = '5s';
BEGIN;
ALTER TABLE lots ADD CONSTRAINT lots_quantity_check CHECK (quantity >= 0) NOT VALID;
COMMIT;
ALTER TABLE lots VALIDATE CONSTRAINT lots_quantity_check;
"#,
        );
    snapshot!(c);
}

#[test]
fn constraint_missing_not_valid() {
    let c = case("constraint-missing-not-valid")
        .bad(
            r#"
ALTER TABLE lots ADD CONSTRAINT lots_material_id_fkey
    FOREIGN KEY (material_id) REFERENCES materials (material_id) ON DELETE RESTRICT;
ALTER TABLE lots ADD CONSTRAINT lots_quantity_check CHECK (quantity >= 0);
"#,
        )
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots ADD CONSTRAINT lots_quantity_check CHECK (quantity >= 0) NOT VALID;
ALTER TABLE lots VALIDATE CONSTRAINT lots_quantity_check;
"#,
        )
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
-- tablewright-lint: ignore unindexed-foreign-key (idx_lots_material_id, built concurrently by 20260301000000)
ALTER TABLE lots ADD CONSTRAINT lots_material_id_fkey
    FOREIGN KEY (material_id) REFERENCES materials (material_id) ON DELETE RESTRICT NOT VALID;
ALTER TABLE lots ADD CONSTRAINT lots_quantity_check CHECK (quantity >= 0) NOT VALID;
"#,
        )
        // The next migration.
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots VALIDATE CONSTRAINT lots_material_id_fkey;
ALTER TABLE lots VALIDATE CONSTRAINT lots_quantity_check;
"#,
        );
    snapshot!(c);
}

#[test]
fn adding_unique_constraint() {
    let c = case("adding-unique-constraint")
        .bad("ALTER TABLE lots ADD CONSTRAINT lots_code_key UNIQUE (tenant_id, lot_code);")
        .bad("ALTER TABLE lot_events ADD PRIMARY KEY (event_id);")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots ADD CONSTRAINT lots_code_key UNIQUE USING INDEX lots_code_key;
"#,
        )
        .with(no_transaction())
        .fixed("CREATE UNIQUE INDEX CONCURRENTLY lots_code_key ON lots (tenant_id, lot_code);");
    snapshot!(c);
}

// ---- Compatibility with running code -----------------------------------------------------------

#[test]
fn renaming_table() {
    let c = case("renaming-table")
        .bad("ALTER TABLE lots RENAME TO inventory_lots;")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
-- tablewright-lint: ignore renaming-table (maintenance window: every instance is stopped)
ALTER TABLE lots RENAME TO inventory_lots;
"#,
        )
        .on(Mysql)
        .bad("RENAME TABLE lots TO inventory_lots;");
    snapshot!(c);
}

#[test]
fn renaming_column() {
    let c = case("renaming-column")
        .bad("ALTER TABLE lots RENAME COLUMN lot_number TO lot_code;")
        .fixed("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots ADD COLUMN lot_code varchar(50);")
        .on(Mysql)
        .bad("ALTER TABLE lots CHANGE COLUMN lot_number lot_code VARCHAR(50) NOT NULL;")
        .on(Sqlite)
        .bad("ALTER TABLE lots RENAME COLUMN lot_number TO lot_code;");
    snapshot!(c);
}

// ---- Schema rules -------------------------------------------------------------------------------

#[test]
fn identifier_too_long() {
    let long = "storage_location_capacity_adjustments_by_warehouse_zone_and_aisle";
    let c = case("identifier-too-long")
        .bad(&format!(
            "CREATE TABLE {long} (id bigint PRIMARY KEY);\nCREATE INDEX idx_{long}_id ON {long} (id);"
        ))
        // 61 characters, 67 bytes.
        .bad(
            "CREATE TABLE lagerplätze (größenklasse_für_hochregallagerbestände_über_höhe_und_gewicht int PRIMARY KEY);",
        )
        .fixed("CREATE TABLE location_capacity_adjustments (id bigint PRIMARY KEY);")
        .on(Mysql)
        .bad(&format!("CREATE TABLE {long}_x (id BIGINT PRIMARY KEY);"))
        // MySQL counts characters.
        .fixed(
            "CREATE TABLE lagerplätze (größenklasse_für_hochregallagerbestände_über_höhe_und_gewicht INT PRIMARY KEY);",
        );
    snapshot!(c);
}

#[test]
fn fk_without_on_delete() {
    let c = case("fk-without-on-delete")
        .bad(
            r#"
CREATE TABLE lot_moves (
    move_id bigint PRIMARY KEY,
    lot_id uuid NOT NULL REFERENCES lots (lot_id),
    CONSTRAINT lot_moves_to_fkey FOREIGN KEY (to_location_id) REFERENCES storage_locations (location_id)
);
"#,
        )
        .fixed(
            r#"
CREATE TABLE lot_moves (
    move_id bigint PRIMARY KEY,
    lot_id uuid NOT NULL REFERENCES lots (lot_id) ON DELETE CASCADE
);
CREATE INDEX idx_lot_moves_lot_id ON lot_moves (lot_id);
"#,
        )
        .on(Sqlite)
        .bad("CREATE TABLE lot_moves (move_id INTEGER PRIMARY KEY, lot_id INTEGER REFERENCES lots (lot_id));");
    snapshot!(c);
}

#[test]
fn unindexed_foreign_key() {
    let c = case("unindexed-foreign-key")
        .bad(
            r#"
CREATE TABLE lot_moves (
    move_id bigint PRIMARY KEY,
    lot_id uuid NOT NULL REFERENCES lots (lot_id) ON DELETE CASCADE,
    region text NOT NULL,
    order_no int NOT NULL,
    CONSTRAINT lot_moves_order_fkey FOREIGN KEY (region, order_no) REFERENCES orders (region, order_no) ON DELETE RESTRICT
);
-- Leads with order_no and move_id: no help for (region, order_no).
CREATE INDEX idx_lot_moves_order_no ON lot_moves (order_no, move_id, region);
"#,
        )
        .fixed(
            r#"
CREATE TABLE lot_moves (
    move_id bigint PRIMARY KEY,
    lot_id uuid NOT NULL REFERENCES lots (lot_id) ON DELETE CASCADE,
    region text NOT NULL,
    order_no int NOT NULL,
    CONSTRAINT lot_moves_order_fkey FOREIGN KEY (region, order_no) REFERENCES orders (region, order_no) ON DELETE RESTRICT
);
CREATE INDEX idx_lot_moves_lot_id ON lot_moves (lot_id);
-- The leading columns count, in any order.
CREATE INDEX idx_lot_moves_order ON lot_moves (order_no, region);
"#,
        )
        // The key leads the primary key.
        .fixed(
            r#"
CREATE TABLE lot_tags (
    lot_id uuid NOT NULL REFERENCES lots (lot_id) ON DELETE CASCADE,
    tag text NOT NULL,
    PRIMARY KEY (lot_id, tag)
);
"#,
        )
        .on(Sqlite)
        .bad("CREATE TABLE lot_moves (move_id INTEGER PRIMARY KEY, lot_id INTEGER REFERENCES lots (lot_id) ON DELETE CASCADE);");
    snapshot!(c);
}

// ---- Tenants and row-level security ------------------------------------------------------------

/// A tenant table as Tablewright generates it.
const GENERATED_TENANT_TABLE: &str = r#"
CREATE TABLE "lots" (
    "lot_id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" uuid NOT NULL,
    "lot_code" varchar(50) NOT NULL,
    CONSTRAINT "lots_pkey" PRIMARY KEY ("lot_id"),
    CONSTRAINT "lots_tenant_id_lot_code_key" UNIQUE ("tenant_id", "lot_code")
);

ALTER TABLE "lots" ENABLE ROW LEVEL SECURITY;

ALTER TABLE "lots" FORCE ROW LEVEL SECURITY;

CREATE POLICY "lots_tenant_isolation" ON "lots" AS PERMISSIVE FOR ALL
    USING ("tenant_id" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid)
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
"#;

const TENANT_TABLE: &str = r#"
CREATE TABLE lots (
    lot_id uuid PRIMARY KEY,
    tenant_id bigint NOT NULL,
    lot_code varchar(50) NOT NULL,
    UNIQUE (tenant_id, lot_code)
);
"#;

#[test]
fn tenant_without_forced_rls() {
    let c = case("tenant-without-forced-rls")
        // Where the migrations isolate tenants with row-level security (here, another table).
        .bad(&format!(
            "{TENANT_TABLE}CREATE TABLE bins (bin_id bigint PRIMARY KEY, tenant_id bigint NOT NULL);\nALTER TABLE bins ENABLE ROW LEVEL SECURITY;\nALTER TABLE bins FORCE ROW LEVEL SECURITY;\nCREATE POLICY bins_tenant_isolation ON bins USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::bigint) WITH CHECK (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::bigint);"
        ))
        .bad(&format!(
            "{TENANT_TABLE}ALTER TABLE lots ENABLE ROW LEVEL SECURITY;\nCREATE POLICY lots_tenant_isolation ON lots USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::bigint);"
        ))
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE lots NO FORCE ROW LEVEL SECURITY;
CREATE POLICY lots_reports ON lots FOR SELECT USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
ALTER TABLE lots ENABLE ROW LEVEL SECURITY;
"#,
        )
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
DROP POLICY lots_tenant_isolation ON lots;
ALTER TABLE lots DISABLE ROW LEVEL SECURITY;
CREATE POLICY lots_tenant_isolation ON lots USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
"#,
        )
        .fixed(GENERATED_TENANT_TABLE);
    snapshot!(c);
}

/// A project that filters tenants in its queries, with no row-level security anywhere: the tenant
/// column alone is no reason to report a table.
#[test]
fn a_tenant_column_without_any_row_level_security_is_not_a_finding() {
    let findings = lint_sql(TENANT_TABLE, Postgres, &Options::default());
    assert!(
        findings.iter().all(|f| f.rule != "tenant-without-forced-rls"),
        "{findings:?}"
    );
}

#[test]
fn rls_without_policy() {
    let c = case("rls-without-policy")
        .bad(&format!(
            "{TENANT_TABLE}ALTER TABLE lots ENABLE ROW LEVEL SECURITY;\nALTER TABLE lots FORCE ROW LEVEL SECURITY;"
        ))
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
-- The policy went to the wrong table.
CREATE POLICY audit_log_reader ON audit_logs FOR SELECT TO auditor USING (true);
"#,
        )
        .fixed(GENERATED_TENANT_TABLE);
    snapshot!(c);
}

#[test]
fn current_setting_without_missing_ok() {
    let c = case("current-setting-without-missing-ok")
        .bad(&format!(
            "{TENANT_TABLE}ALTER TABLE lots ENABLE ROW LEVEL SECURITY;\nALTER TABLE lots FORCE ROW LEVEL SECURITY;\nCREATE POLICY lots_tenant_isolation ON lots\n    FOR ALL\n    USING (tenant_id = current_setting('app.current_tenant_id')::bigint);"
        ))
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE POLICY notes_owner ON notes USING (owner_id::text = current_setting('app.user_id'));
"#,
        )
        .fixed(GENERATED_TENANT_TABLE)
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE POLICY notes_owner ON notes USING (owner_id::text = current_setting('app.user_id', true));
"#,
        );
    snapshot!(c);
}

#[test]
fn current_setting_cast_without_nullif() {
    let c = case("current-setting-cast-without-nullif")
        .bad(&format!(
            "{TENANT_TABLE}ALTER TABLE lots ENABLE ROW LEVEL SECURITY;\nALTER TABLE lots FORCE ROW LEVEL SECURITY;\nCREATE POLICY lots_tenant_isolation ON lots\n    USING (tenant_id = current_setting('app.current_tenant_id', true)::bigint)\n    WITH CHECK (tenant_id = CAST(current_setting('app.current_tenant_id', true) AS bigint));"
        ))
        .fixed(GENERATED_TENANT_TABLE)
        // Compared as text, the empty string matches no row and raises nothing.
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE POLICY notes_owner ON notes USING (owner_id::text = current_setting('app.user_id', true));
"#,
        );
    snapshot!(c);
}

#[test]
fn policy_fails_open() {
    let prefix = format!(
        "{TENANT_TABLE}ALTER TABLE lots ENABLE ROW LEVEL SECURITY;\nALTER TABLE lots FORCE ROW LEVEL SECURITY;\n"
    );
    let c = case("policy-fails-open")
        .bad(&format!(
            r#"{prefix}CREATE POLICY lots_tenant_isolation ON lots
    USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::bigint
           OR current_setting('app.current_tenant_id', true) IS NULL)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::bigint);"#
        ))
        .bad(&format!(
            r#"{prefix}CREATE POLICY lots_tenant_isolation ON lots FOR SELECT
    USING (tenant_id::text = coalesce(current_setting('app.current_tenant_id', true), tenant_id::text));"#
        ))
        .bad(&format!(
            r#"{prefix}CREATE POLICY lots_tenant_isolation ON lots
    USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::bigint
           OR current_setting('app.current_tenant_id', true) = '')
    WITH CHECK (true);"#
        ))
        .bad(&format!(
            r#"{prefix}CREATE POLICY lots_tenant_isolation ON lots FOR SELECT
    USING (tenant_id::text LIKE current_setting('app.current_tenant_id', true) || '%');"#
        ))
        .fixed(GENERATED_TENANT_TABLE)
        // Other conditions may widen a policy on purpose; only the setting is judged.
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE POLICY lots_shared ON lots FOR SELECT
    USING (is_shared OR "tenant_id" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
"#,
        )
        // An always-true restrictive policy restricts nothing and opens nothing.
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE POLICY lots_noop ON lots AS RESTRICTIVE FOR SELECT USING (true);
"#,
        );
    snapshot!(c);
}

#[test]
fn policy_missing_with_check() {
    let c = case("policy-missing-with-check")
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE POLICY lots_insert ON lots FOR INSERT;
CREATE POLICY lots_update ON lots FOR UPDATE USING (tenant_id = coalesce(NULLIF(current_setting('app.current_tenant_id', true), '')::uuid, tenant_id));
"#,
        )
        // Without WITH CHECK, PostgreSQL checks written rows against USING: safe when USING is.
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
CREATE POLICY lots_tenant_isolation ON lots FOR ALL
    USING ("tenant_id" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
CREATE POLICY lots_insert ON lots FOR INSERT
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
"#,
        );
    snapshot!(c);
}

#[test]
fn session_wide_tenant_setting() {
    let c = case("session-wide-tenant-setting")
        .bad(
            r#"
SET app.current_tenant_id = 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa';
SET SESSION app.user_id TO '42';
SELECT set_config('app.current_tenant_id', 'bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb', false);
"#,
        )
        .fixed(
            r#"
SELECT set_config('app.current_tenant_id', 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', true);
SET LOCAL app.user_id TO '42';
SET search_path TO public;
"#,
        );
    snapshot!(c);
}

// ---- The linter itself --------------------------------------------------------------------------

#[test]
fn unparsed_statement() {
    let c = case("unparsed-statement")
        .bad("SET LOCAL lock_timeout = '5s';\nALTER TABLE lots SET TABLESPACE fast_disk;")
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
-- tablewright-lint: ignore unparsed-statement (moves lots to the new disk in the maintenance window)
ALTER TABLE lots SET TABLESPACE fast_disk;
"#,
        );
    snapshot!(c);
}

#[test]
fn invalid_ignore() {
    let c = case("invalid-ignore")
        .bad(
            r#"
SET LOCAL lock_timeout = '5s';
-- tablewright-lint: ignore drop-colum (typo)
ALTER TABLE lots DROP COLUMN legacy_code;
-- tablewright-lint: ignroe drop-table
DROP TABLE old_lots;
-- tablewright-lint: ignore (no rule named)
SELECT 1;
"#,
        )
        .fixed(
            r#"
SET LOCAL lock_timeout = '5s';
-- tablewright-lint: ignore drop-column (values kept in lots_legacy_code_backup)
ALTER TABLE lots DROP COLUMN legacy_code;
"#,
        );
    snapshot!(c);
}

// ---- Style preferences (opt-in) -----------------------------------------------------------------

/// The options that turn an opt-in style rule on: a level for it.
fn asking_for(rule: &str, run_in_transaction: bool) -> Options {
    Options {
        levels: [(rule.to_string(), tablewright_lint::Severity::Warning)].into(),
        run_in_transaction,
        ..Options::default()
    }
}

#[test]
fn style_rules_run_only_when_asked_for() {
    let sql = "CREATE TABLE bins (bin_id integer PRIMARY KEY, code varchar(20), seen_at timestamp);";
    assert!(lint_sql(sql, Postgres, &Options::default()).is_empty());
    for rule in ["prefer-text", "prefer-bigint", "prefer-timestamptz"] {
        let found = lint_sql(sql, Postgres, &asking_for(rule, true));
        assert_eq!(found.iter().map(|f| f.rule).collect::<Vec<_>>(), [rule]);
    }
}

#[test]
fn prefer_text() {
    let c = case("prefer-text")
        .with(asking_for("prefer-text", true))
        .bad("CREATE TABLE bins (bin_id bigint PRIMARY KEY, code varchar(20));")
        .fixed("CREATE TABLE bins (bin_id bigint PRIMARY KEY, code text CHECK (length(code) <= 20));");
    snapshot!(c);
}

#[test]
fn prefer_bigint() {
    let c = case("prefer-bigint")
        .with(asking_for("prefer-bigint", true))
        .bad("CREATE TABLE bins (bin_id serial PRIMARY KEY, slots smallint);")
        .fixed("CREATE TABLE bins (bin_id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, slots bigint);");
    snapshot!(c);
}

#[test]
fn prefer_timestamptz() {
    let c = case("prefer-timestamptz")
        .with(asking_for("prefer-timestamptz", true))
        .bad("CREATE TABLE scans (scan_id bigint PRIMARY KEY, scanned_at timestamp NOT NULL);")
        .fixed("CREATE TABLE scans (scan_id bigint PRIMARY KEY, scanned_at timestamptz NOT NULL);");
    snapshot!(c);
}

#[test]
fn prefer_robust_statements() {
    let c = case("prefer-robust-statements")
        .with(asking_for("prefer-robust-statements", false))
        .bad("CREATE TABLE bins (bin_id bigint PRIMARY KEY);")
        .fixed("CREATE TABLE IF NOT EXISTS bins (bin_id bigint PRIMARY KEY);")
        // In a transaction a failure undoes it all: nothing to rerun.
        .with(asking_for("prefer-robust-statements", true))
        .fixed("CREATE TABLE bins (bin_id bigint PRIMARY KEY);");
    snapshot!(c);
}

/// Every rule of the table has its test above.
#[test]
fn every_rule_is_tested_here() {
    let source = include_str!("rules.rs");
    for rule in RULES {
        assert!(
            source.contains(&format!("case(\"{}\")", rule.name)),
            "rule `{}` has no test in tests/rules.rs",
            rule.name
        );
    }
}

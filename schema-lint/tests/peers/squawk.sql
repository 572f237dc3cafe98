-- Cases written for Tablewright after reading the test cases of squawk 2.70's safety rules
-- (crates/squawk_linter/src/rules/*.rs), one per test, in the transaction setting that test
-- uses. Each case: `-- case: <squawk rule>/<what> | <expectation> | <tx or no-tx>`, then its SQL.
-- Expectations: `hazard: rule ...` (one of those rules must report it), `clean` (no error),
-- `exempt: why` (squawk reports it; it is not a hazard on PostgreSQL 12+, see docs/lint.md).
-- Style rules (prefer-*, ban-char-field, require-table-schema, prefer-robust-stmts,
-- ban-duplicate-column-assignments, require-enum-value-ordering, ban-create-domain-with-constraint)
-- are not safety rules and have no cases here.

-- case: adding-field-with-default/constant default on pg12 | clean | no-tx
ALTER TABLE bins ADD COLUMN is_open boolean DEFAULT true;
-- case: adding-field-with-default/volatile uuid default | hazard: adding-volatile-default | no-tx
ALTER TABLE bins ADD COLUMN bin_uuid uuid DEFAULT gen_random_uuid();
-- case: adding-field-with-default/volatile uuid among other statements | hazard: adding-volatile-default | no-tx
CREATE TABLE racks (rack_id bigint PRIMARY KEY);
ALTER TABLE bins ADD COLUMN bin_uuid uuid DEFAULT uuid_generate_v4();
-- case: adding-field-with-default/random default | hazard: adding-volatile-default | no-tx
ALTER TABLE bins ADD COLUMN jitter float8 DEFAULT random();
-- case: adding-field-with-default/unknown function default | exempt: a function the history never defines cannot be judged; one it defines without IMMUTABLE/STABLE is flagged (see the next case) | no-tx
ALTER TABLE bins ADD COLUMN label text DEFAULT make_label();
-- case: adding-field-with-default/function defined earlier without volatility | hazard: adding-volatile-default | no-tx
CREATE FUNCTION make_label() RETURNS text LANGUAGE sql AS $$ SELECT 'bin-' || floor(random() * 1000)::text $$;
ALTER TABLE bins ADD COLUMN label text DEFAULT make_label();
-- case: adding-field-with-default/random with arguments | hazard: adding-volatile-default | no-tx
ALTER TABLE bins ADD COLUMN slot int DEFAULT floor(random() * 10);
-- case: adding-field-with-default/boolean default | clean | no-tx
ALTER TABLE bins ADD COLUMN is_full boolean NOT NULL DEFAULT false;
-- case: adding-field-with-default/empty array default | clean | no-tx
ALTER TABLE bins ADD COLUMN tags text[] DEFAULT '{}';
-- case: adding-field-with-default/constant expression default | clean | no-tx
ALTER TABLE bins ADD COLUMN capacity int DEFAULT 10 * 12;
-- case: adding-field-with-default/string default | clean | no-tx
ALTER TABLE bins ADD COLUMN zone text DEFAULT 'A';
-- case: adding-field-with-default/enum default | clean | no-tx
ALTER TABLE bins ADD COLUMN state bin_state DEFAULT 'open';
-- case: adding-field-with-default/jsonb default | clean | no-tx
ALTER TABLE bins ADD COLUMN attrs jsonb DEFAULT '{}'::jsonb;
-- case: adding-field-with-default/now default | clean | no-tx
ALTER TABLE bins ADD COLUMN opened_at timestamptz DEFAULT now();
-- case: adding-field-with-default/current_timestamp default | clean | no-tx
ALTER TABLE bins ADD COLUMN checked_at timestamptz DEFAULT CURRENT_TIMESTAMP;
-- case: adding-field-with-default/stored generated column | hazard: adding-volatile-default | no-tx
ALTER TABLE bins ADD COLUMN volume int GENERATED ALWAYS AS (width * depth) STORED;
-- case: adding-field-with-default/constant default before pg11 | exempt: PostgreSQL 11+ stores a constant default without a rewrite; Tablewright targets 12+ | no-tx
ALTER TABLE bins ADD COLUMN is_locked boolean DEFAULT false;

-- case: adding-foreign-key-constraint/new table with a foreign key | clean | no-tx
CREATE TABLE bin_moves (move_id bigint PRIMARY KEY, bin_id bigint REFERENCES bins (bin_id) ON DELETE CASCADE);
CREATE INDEX idx_bin_moves_bin_id ON bin_moves (bin_id);
-- case: adding-foreign-key-constraint/new table with a table-level foreign key | clean | no-tx
CREATE TABLE bin_checks (check_id bigint PRIMARY KEY, bin_id bigint, FOREIGN KEY (bin_id) REFERENCES bins (bin_id) ON DELETE CASCADE);
CREATE INDEX idx_bin_checks_bin_id ON bin_checks (bin_id);
-- case: adding-foreign-key-constraint/foreign key on a table created in the same transaction | clean | tx
CREATE TABLE bin_audits (audit_id bigint PRIMARY KEY, bin_id bigint);
ALTER TABLE bin_audits ADD CONSTRAINT bin_audits_bin_fk FOREIGN KEY (bin_id) REFERENCES bins (bin_id) ON DELETE CASCADE;
CREATE INDEX idx_bin_audits_bin_id ON bin_audits (bin_id);
-- case: adding-foreign-key-constraint/same, explicit transaction | clean | no-tx
BEGIN;
CREATE TABLE bin_audits (audit_id bigint PRIMARY KEY, bin_id bigint);
ALTER TABLE bin_audits ADD CONSTRAINT bin_audits_bin_fk FOREIGN KEY (bin_id) REFERENCES bins (bin_id) ON DELETE CASCADE;
CREATE INDEX idx_bin_audits_bin_id ON bin_audits (bin_id);
COMMIT;
-- case: adding-foreign-key-constraint/not valid then validate later | clean | no-tx
SET lock_timeout = '5s';
-- tablewright-lint: ignore unindexed-foreign-key (idx_shipments_bin_id exists)
ALTER TABLE shipments ADD CONSTRAINT shipments_bin_fk FOREIGN KEY (bin_id) REFERENCES bins (bin_id) ON DELETE RESTRICT NOT VALID;
ALTER TABLE shipments VALIDATE CONSTRAINT shipments_bin_fk;
-- case: adding-foreign-key-constraint/foreign key on an existing table | hazard: constraint-missing-not-valid | no-tx
ALTER TABLE shipments ADD CONSTRAINT shipments_bin_fk FOREIGN KEY (bin_id) REFERENCES bins (bin_id) ON DELETE RESTRICT;
-- case: adding-foreign-key-constraint/column added with references (its lock) | hazard: missing-lock-timeout | no-tx
ALTER TABLE shipments ADD COLUMN dock_id bigint REFERENCES docks (dock_id) ON DELETE RESTRICT;
-- case: adding-foreign-key-constraint/column added with references and a default (its check) | hazard: constraint-missing-not-valid | no-tx
ALTER TABLE shipments ADD COLUMN dock_id bigint DEFAULT 1 REFERENCES docks (dock_id) ON DELETE RESTRICT;

-- case: adding-not-null-field/set not null | hazard: setting-not-null | no-tx
ALTER TABLE shipments ALTER COLUMN carrier SET NOT NULL;
-- case: adding-not-null-field/not null column with a default | clean | no-tx
ALTER TABLE shipments ADD COLUMN priority int NOT NULL DEFAULT 0;
-- case: adding-not-null-field/not null column without a default on a new table | clean | no-tx
CREATE TABLE docks (dock_id bigint PRIMARY KEY, name text NOT NULL);
-- case: adding-not-null-field/not null with a default, old server | clean | no-tx
ALTER TABLE shipments ADD COLUMN attempts int NOT NULL DEFAULT 1;
-- case: adding-not-null-field/set not null with no check at all | hazard: setting-not-null | tx
ALTER TABLE shipments ALTER COLUMN shipped_at SET NOT NULL;
-- case: adding-not-null-field/check validated in an earlier transaction | clean | no-tx
SET lock_timeout = '5s';
BEGIN;
ALTER TABLE shipments ADD CONSTRAINT shipments_carrier_nn CHECK (carrier IS NOT NULL) NOT VALID;
COMMIT;
BEGIN;
ALTER TABLE shipments VALIDATE CONSTRAINT shipments_carrier_nn;
ALTER TABLE shipments ALTER COLUMN carrier SET NOT NULL;
COMMIT;
-- case: adding-not-null-field/validated check, pg12 | clean | no-tx
SET lock_timeout = '5s';
ALTER TABLE shipments ADD CONSTRAINT shipments_carrier_nn CHECK (carrier IS NOT NULL) NOT VALID;
ALTER TABLE shipments VALIDATE CONSTRAINT shipments_carrier_nn;
ALTER TABLE shipments ALTER COLUMN carrier SET NOT NULL;
ALTER TABLE shipments DROP CONSTRAINT shipments_carrier_nn;
-- case: adding-not-null-field/validated check, pg11 | exempt: PostgreSQL 11 ignores the check and scans; Tablewright targets 12+, where it is the safe sequence | no-tx
SET lock_timeout = '5s';
ALTER TABLE shipments ADD CONSTRAINT shipments_weight_nn CHECK (weight IS NOT NULL) NOT VALID;
ALTER TABLE shipments VALIDATE CONSTRAINT shipments_weight_nn;
ALTER TABLE shipments ALTER COLUMN weight SET NOT NULL;
-- case: adding-not-null-field/check added but never validated | hazard: setting-not-null | no-tx
SET lock_timeout = '5s';
ALTER TABLE shipments ADD CONSTRAINT shipments_weight_nn CHECK (weight IS NOT NULL) NOT VALID;
ALTER TABLE shipments ALTER COLUMN weight SET NOT NULL;
-- case: adding-not-null-field/validated check of another column | hazard: setting-not-null | no-tx
SET lock_timeout = '5s';
ALTER TABLE shipments ADD CONSTRAINT shipments_weight_nn CHECK (weight IS NOT NULL) NOT VALID;
ALTER TABLE shipments VALIDATE CONSTRAINT shipments_weight_nn;
ALTER TABLE shipments ALTER COLUMN carrier SET NOT NULL;
-- case: adding-not-null-field/several set not null, one unproven | hazard: setting-not-null | no-tx
SET lock_timeout = '5s';
ALTER TABLE shipments ADD CONSTRAINT shipments_weight_nn CHECK (weight IS NOT NULL) NOT VALID;
ALTER TABLE shipments VALIDATE CONSTRAINT shipments_weight_nn;
ALTER TABLE shipments ALTER COLUMN weight SET NOT NULL, ALTER COLUMN carrier SET NOT NULL;

-- case: adding-primary-key-constraint/primary key on a serial column | hazard: adding-unique-constraint adding-volatile-default | no-tx
ALTER TABLE pallets ADD COLUMN pallet_id serial PRIMARY KEY;
-- case: adding-primary-key-constraint/primary key on existing columns | hazard: adding-unique-constraint | no-tx
ALTER TABLE pallets ADD PRIMARY KEY (pallet_code);
-- case: adding-primary-key-constraint/primary key using an index | clean | no-tx
SET lock_timeout = '5s';
ALTER TABLE pallets ADD CONSTRAINT pallets_pkey PRIMARY KEY USING INDEX pallets_code_idx;

-- case: adding-required-field/nullable column | clean | no-tx
ALTER TABLE pallets ADD COLUMN note text;
-- case: adding-required-field/not null with a default | clean | no-tx
ALTER TABLE pallets ADD COLUMN layers int NOT NULL DEFAULT 1;
-- case: adding-required-field/not null without a default | hazard: adding-required-column | no-tx
ALTER TABLE pallets ADD COLUMN owner_id bigint NOT NULL;
-- case: adding-required-field/not null stored generated column | exempt: computed for every row, so it is not missing a value, but the rewrite is reported by adding-volatile-default | no-tx
ALTER TABLE pallets ADD COLUMN area int NOT NULL GENERATED ALWAYS AS (w * l) STORED;
-- case: adding-required-field/stored generated column | exempt: computed for every row, so no value is missing; the rewrite is adding-volatile-default's | no-tx
ALTER TABLE pallets ADD COLUMN area int GENERATED ALWAYS AS (w * l) STORED;

-- case: ban-alter-domain-with-add-constraint/add a check to a domain | hazard: adding-domain-constraint | no-tx
ALTER DOMAIN weight_kg ADD CONSTRAINT weight_kg_positive CHECK (VALUE > 0);
-- case: ban-alter-domain-with-add-constraint/other domain changes | clean | no-tx
ALTER DOMAIN weight_kg SET DEFAULT 0;
ALTER DOMAIN weight_kg DROP CONSTRAINT weight_kg_positive;

-- case: ban-concurrent-index-creation-in-transaction/explicit transaction | hazard: refused-in-transaction | no-tx
BEGIN;
CREATE INDEX CONCURRENTLY idx_pallets_owner ON pallets (owner_id);
COMMIT;
-- case: ban-concurrent-index-creation-in-transaction/outside a transaction | clean | no-tx
SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY idx_pallets_owner ON pallets (owner_id);
-- case: ban-concurrent-index-creation-in-transaction/runner's transaction | hazard: refused-in-transaction | tx
CREATE UNIQUE INDEX CONCURRENTLY idx_pallets_code ON pallets (pallet_code);
-- case: ban-concurrent-index-creation-in-transaction/runner's transaction, plain index on a new table | clean | tx
CREATE TABLE crates (crate_id bigint PRIMARY KEY, sku text);
CREATE INDEX idx_crates_sku ON crates (sku);
-- case: ban-concurrent-index-creation-in-transaction/runner's transaction, new table only | clean | tx
CREATE TABLE crates (crate_id bigint PRIMARY KEY);
-- case: ban-concurrent-index-creation-in-transaction/not wrapped | clean | no-tx
SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY idx_pallets_layers ON pallets (layers);

-- case: ban-drop-column/drop a column | hazard: drop-column | no-tx
ALTER TABLE pallets DROP COLUMN legacy_ref;
-- case: ban-drop-database/drop a database | hazard: drop-database | no-tx
DROP DATABASE reporting;
-- case: ban-drop-not-null/drop not null | hazard: drop-not-null | no-tx
ALTER TABLE pallets ALTER COLUMN owner_id DROP NOT NULL;
-- case: ban-drop-table/drop a table | hazard: drop-table | no-tx
DROP TABLE pallet_history;
-- case: ban-truncate-cascade/truncate cascade | hazard: truncate-table | no-tx
TRUNCATE pallet_history CASCADE;
-- case: ban-truncate-cascade/plain truncate | hazard: truncate-table | no-tx
TRUNCATE pallet_history;

-- case: ban-uncommitted-transaction/begin without commit | hazard: transaction-control | no-tx
BEGIN;
CREATE TABLE crates (crate_id bigint PRIMARY KEY);
-- case: ban-uncommitted-transaction/committed | clean | no-tx
BEGIN;
CREATE TABLE crates (crate_id bigint PRIMARY KEY);
COMMIT;
-- case: ban-uncommitted-transaction/rolled back | clean | no-tx
BEGIN;
CREATE TABLE crates (crate_id bigint PRIMARY KEY);
ROLLBACK;
-- case: ban-uncommitted-transaction/no transaction | clean | no-tx
CREATE TABLE crates (crate_id bigint PRIMARY KEY);
-- case: ban-uncommitted-transaction/second transaction left open | hazard: transaction-control | no-tx
BEGIN;
CREATE TABLE crates (crate_id bigint PRIMARY KEY);
COMMIT;
BEGIN;
CREATE TABLE cartons (carton_id bigint PRIMARY KEY);
-- case: ban-uncommitted-transaction/start transaction left open | hazard: transaction-control | no-tx
START TRANSACTION;
CREATE TABLE crates (crate_id bigint PRIMARY KEY);
-- case: ban-uncommitted-transaction/begin work left open | hazard: transaction-control | no-tx
BEGIN WORK;
CREATE TABLE crates (crate_id bigint PRIMARY KEY);

-- case: changing-column-type/widen to bigint | hazard: changing-column-type | no-tx
ALTER TABLE cartons ALTER COLUMN weight TYPE bigint;
-- case: changing-column-type/set data type | hazard: changing-column-type | no-tx
ALTER TABLE cartons ALTER COLUMN label SET DATA TYPE varchar(20);

-- case: constraint-missing-not-valid/not valid and validate in one transaction | hazard: constraint-missing-not-valid | no-tx
BEGIN;
ALTER TABLE cartons ADD CONSTRAINT cartons_weight_check CHECK (weight > 0) NOT VALID;
ALTER TABLE cartons VALIDATE CONSTRAINT cartons_weight_check;
COMMIT;
-- case: constraint-missing-not-valid/not valid and validate in the runner's transaction | hazard: constraint-missing-not-valid | tx
ALTER TABLE cartons ADD CONSTRAINT cartons_weight_check CHECK (weight > 0) NOT VALID;
ALTER TABLE cartons VALIDATE CONSTRAINT cartons_weight_check;
-- case: constraint-missing-not-valid/runner's transaction, explicit commit in between | hazard: constraint-missing-not-valid transaction-control | tx
ALTER TABLE cartons ADD CONSTRAINT cartons_weight_check CHECK (weight > 0) NOT VALID;
COMMIT;
ALTER TABLE cartons VALIDATE CONSTRAINT cartons_weight_check;
-- case: constraint-missing-not-valid/foreign key without not valid | hazard: constraint-missing-not-valid | no-tx
ALTER TABLE cartons ADD CONSTRAINT cartons_crate_fk FOREIGN KEY (crate_id) REFERENCES crates (crate_id) ON DELETE CASCADE;
-- case: constraint-missing-not-valid/foreign key not valid | clean | no-tx
SET lock_timeout = '5s';
-- tablewright-lint: ignore unindexed-foreign-key (idx_cartons_crate_id exists)
ALTER TABLE cartons ADD CONSTRAINT cartons_crate_fk FOREIGN KEY (crate_id) REFERENCES crates (crate_id) ON DELETE CASCADE NOT VALID;
-- case: constraint-missing-not-valid/unique using an index | clean | no-tx
SET lock_timeout = '5s';
ALTER TABLE cartons ADD CONSTRAINT cartons_label_key UNIQUE USING INDEX cartons_label_idx;
-- case: constraint-missing-not-valid/check without not valid | hazard: constraint-missing-not-valid | no-tx
ALTER TABLE cartons ADD CONSTRAINT cartons_weight_check CHECK (weight > 0);
-- case: constraint-missing-not-valid/check not valid | clean | no-tx
SET lock_timeout = '5s';
ALTER TABLE cartons ADD CONSTRAINT cartons_weight_check CHECK (weight > 0) NOT VALID;
-- case: constraint-missing-not-valid/new table in a transaction | clean | no-tx
BEGIN;
CREATE TABLE lids (lid_id bigint PRIMARY KEY, size int);
ALTER TABLE lids ADD CONSTRAINT lids_size_check CHECK (size > 0);
COMMIT;
-- case: constraint-missing-not-valid/new table in the runner's transaction | clean | tx
CREATE TABLE lids (lid_id bigint PRIMARY KEY, size int);
ALTER TABLE lids ADD CONSTRAINT lids_size_check CHECK (size > 0);
-- case: constraint-missing-not-valid/index then constraint on a new table | clean | tx
CREATE TABLE lids (lid_id bigint PRIMARY KEY, code text);
CREATE UNIQUE INDEX lids_code_idx ON lids (code);
ALTER TABLE lids ADD CONSTRAINT lids_code_key UNIQUE USING INDEX lids_code_idx;
-- case: constraint-missing-not-valid/unique using a concurrently built index | clean | no-tx
SET lock_timeout = '5s';
CREATE UNIQUE INDEX CONCURRENTLY cartons_code_idx ON cartons (code);
ALTER TABLE cartons ADD CONSTRAINT cartons_code_key UNIQUE USING INDEX cartons_code_idx;

-- case: disallow-unique-constraint/unique constraint on an existing table | hazard: adding-unique-constraint | no-tx
ALTER TABLE cartons ADD CONSTRAINT cartons_code_key UNIQUE (code);
-- case: disallow-unique-constraint/unique using an index | clean | no-tx
SET lock_timeout = '5s';
ALTER TABLE cartons ADD CONSTRAINT cartons_code_key UNIQUE USING INDEX cartons_code_idx;
-- case: disallow-unique-constraint/new table with unique | clean | no-tx
CREATE TABLE seals (seal_id bigint PRIMARY KEY, code text UNIQUE);
-- case: disallow-unique-constraint/unique in create table | clean | no-tx
CREATE TABLE seals (seal_id bigint PRIMARY KEY, code text, UNIQUE (code));
-- case: disallow-unique-constraint/unique after create table | clean | no-tx
CREATE TABLE seals (seal_id bigint PRIMARY KEY, code text);
ALTER TABLE seals ADD CONSTRAINT seals_code_key UNIQUE (code);
-- case: disallow-unique-constraint/unique after create table, runner's transaction | clean | tx
CREATE TABLE seals (seal_id bigint PRIMARY KEY, code text);
ALTER TABLE seals ADD CONSTRAINT seals_code_key UNIQUE (code);
-- case: disallow-unique-constraint/column added unique | hazard: adding-unique-constraint | no-tx
ALTER TABLE cartons ADD COLUMN serial_no text UNIQUE;
-- case: disallow-unique-constraint/column added unique not null | hazard: adding-unique-constraint | no-tx
ALTER TABLE cartons ADD COLUMN serial_no text UNIQUE NOT NULL DEFAULT '';

-- case: identifier-too-long/table name | hazard: identifier-too-long | no-tx
CREATE TABLE carton_inspection_results_by_warehouse_shift_and_inspector_name_x (id bigint PRIMARY KEY);
-- case: identifier-too-long/short name | clean | no-tx
CREATE TABLE carton_inspections (id bigint PRIMARY KEY);
-- case: identifier-too-long/index name | hazard: identifier-too-long | no-tx
CREATE TABLE boxes (id bigint PRIMARY KEY, sku text);
CREATE INDEX idx_boxes_sku_for_the_weekly_inventory_reconciliation_report_job ON boxes (sku);
-- case: identifier-too-long/column added | hazard: identifier-too-long | no-tx
ALTER TABLE cartons ADD COLUMN inspection_result_recorded_by_the_night_shift_supervisor_on_duty_x text;
-- case: identifier-too-long/quoted name | hazard: identifier-too-long | no-tx
CREATE TABLE "Carton Inspection Results By Warehouse Shift And Inspector Name (v2)" (id bigint PRIMARY KEY);
-- case: identifier-too-long/multibyte name | hazard: identifier-too-long | no-tx
CREATE TABLE "größenprüfungsergebnisse_für_kartons_nach_schicht_und_prüfer_x" (id bigint PRIMARY KEY);
-- case: identifier-too-long/exactly 63 bytes | clean | no-tx
CREATE TABLE carton_inspection_results_by_warehouse_shift_and_inspector_nam (id bigint PRIMARY KEY);

-- case: renaming-column/rename a column | hazard: renaming-column | no-tx
ALTER TABLE cartons RENAME COLUMN label TO tag;
-- case: renaming-table/rename a table | hazard: renaming-table | no-tx
ALTER TABLE cartons RENAME TO boxes_v2;

-- case: require-concurrent-index-creation/plain index on an existing table | hazard: create-index-not-concurrently | no-tx
CREATE INDEX idx_cartons_label ON cartons (label);
-- case: require-concurrent-index-creation/concurrent index | clean | no-tx
SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY idx_cartons_label ON cartons (label);
-- case: require-concurrent-index-creation/index on a new table | clean | no-tx
CREATE TABLE tapes (tape_id bigint PRIMARY KEY, color text);
CREATE INDEX idx_tapes_color ON tapes (color);
-- case: require-concurrent-index-creation/index on a new table, runner's transaction | clean | tx
CREATE TABLE tapes (tape_id bigint PRIMARY KEY, color text);
CREATE INDEX idx_tapes_color ON tapes (color);

-- case: require-concurrent-index-deletion/plain drop index | hazard: drop-index-not-concurrently | no-tx
DROP INDEX idx_cartons_label;
-- case: require-concurrent-index-deletion/concurrent drop | clean | no-tx
SET lock_timeout = '5s';
DROP INDEX CONCURRENTLY IF EXISTS idx_cartons_label;
-- case: require-concurrent-index-deletion/drop type | clean | no-tx
DROP TYPE IF EXISTS carton_state;
-- case: require-concurrent-index-deletion/drop a new table | clean | no-tx
CREATE TABLE tapes (tape_id bigint PRIMARY KEY);
DROP TABLE tapes;
-- case: require-concurrent-index-deletion/drop trigger on a new table | clean | no-tx
CREATE TABLE tapes (tape_id bigint PRIMARY KEY);
DROP TRIGGER IF EXISTS tapes_touch ON tapes;

-- case: require-concurrent-partition-detach/plain detach | hazard: detach-partition-not-concurrently | no-tx
SET lock_timeout = '5s';
ALTER TABLE scans DETACH PARTITION scans_2022;
-- case: require-concurrent-partition-detach/concurrent detach | clean | no-tx
SET lock_timeout = '5s';
ALTER TABLE scans DETACH PARTITION scans_2022 CONCURRENTLY;
-- case: require-concurrent-partition-detach/finalize | clean | no-tx
SET lock_timeout = '5s';
ALTER TABLE scans DETACH PARTITION scans_2022 FINALIZE;

-- case: require-concurrent-reindex/reindex table | hazard: reindex-not-concurrently | no-tx
REINDEX TABLE scans;
-- case: require-concurrent-reindex/reindex index | hazard: reindex-not-concurrently | no-tx
REINDEX INDEX idx_scans_at;
-- case: require-concurrent-reindex/reindex schema | hazard: reindex-not-concurrently | no-tx
REINDEX SCHEMA warehouse;
-- case: require-concurrent-reindex/reindex database | hazard: reindex-not-concurrently | no-tx
REINDEX DATABASE warehouse;
-- case: require-concurrent-reindex/table concurrently | clean | no-tx
SET lock_timeout = '5s';
REINDEX TABLE CONCURRENTLY scans;
-- case: require-concurrent-reindex/index concurrently | clean | no-tx
SET lock_timeout = '5s';
REINDEX INDEX CONCURRENTLY idx_scans_at;
-- case: require-concurrent-reindex/concurrently as an option | clean | no-tx
SET lock_timeout = '5s';
REINDEX (CONCURRENTLY, VERBOSE) TABLE scans;
-- case: require-concurrent-reindex/system | clean | no-tx
REINDEX SYSTEM warehouse;

-- case: prefer-repack/cluster | hazard: cluster | no-tx
CLUSTER scans USING idx_scans_at;
-- case: prefer-repack/cluster every table | hazard: cluster | no-tx
CLUSTER;
-- case: prefer-repack/vacuum full | hazard: vacuum-full | no-tx
VACUUM FULL scans;
-- case: prefer-repack/vacuum full as an option | hazard: vacuum-full | no-tx
VACUUM (FULL, VERBOSE) scans;
-- case: prefer-repack/vacuum full false | clean | no-tx
VACUUM (FULL FALSE) scans;
-- case: prefer-repack/plain vacuum | clean | no-tx
VACUUM scans;
-- case: prefer-repack/vacuum analyze | clean | no-tx
VACUUM ANALYZE scans;
-- case: prefer-repack/vacuum freeze | clean | no-tx
VACUUM FREEZE scans;

-- case: require-timeout-settings/no timeout before a lock | hazard: missing-lock-timeout | no-tx
ALTER TABLE scans ADD COLUMN device text;
-- case: require-timeout-settings/lock timeout but no statement timeout | hazard: missing-statement-timeout | tx
SET LOCAL lock_timeout = '5s';
ALTER TABLE scans ALTER COLUMN device TYPE varchar(40);
-- case: require-timeout-settings/statement timeout but no lock timeout | hazard: missing-lock-timeout | tx
SET LOCAL statement_timeout = '5min';
ALTER TABLE scans ADD COLUMN device text;
-- case: require-timeout-settings/both timeouts | clean | tx
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '5min';
ALTER TABLE scans ADD COLUMN device text;
-- case: require-timeout-settings/no ddl | clean | tx
SELECT 1;
-- case: require-timeout-settings/timeouts in a custom namespace | hazard: missing-lock-timeout | tx
SET app.lock_timeout = '5s';
ALTER TABLE scans ADD COLUMN device text;
-- case: require-timeout-settings/timeout after the statement | hazard: missing-lock-timeout | tx
ALTER TABLE scans ADD COLUMN device text;
SET LOCAL lock_timeout = '5s';
-- case: require-timeout-settings/comment on | hazard: missing-lock-timeout | tx
COMMENT ON TABLE scans IS 'Barcode scans';
-- case: require-timeout-settings/lock table | hazard: missing-lock-timeout | tx
LOCK TABLE scans IN ACCESS EXCLUSIVE MODE;
-- case: require-timeout-settings/reindex | hazard: missing-lock-timeout | no-tx
REINDEX TABLE scans;

-- case: transaction-nesting/begin twice | hazard: transaction-control | no-tx
BEGIN;
BEGIN;
CREATE TABLE tapes (tape_id bigint PRIMARY KEY);
COMMIT;
-- case: transaction-nesting/begin in the runner's transaction | hazard: transaction-control | tx
BEGIN;
CREATE TABLE tapes (tape_id bigint PRIMARY KEY);
COMMIT;
-- case: transaction-nesting/commit in the runner's transaction | hazard: transaction-control | tx
CREATE TABLE tapes (tape_id bigint PRIMARY KEY);
COMMIT;
-- case: transaction-nesting/rollback in the runner's transaction | hazard: transaction-control | tx
CREATE TABLE tapes (tape_id bigint PRIMARY KEY);
ROLLBACK;
-- case: transaction-nesting/one transaction | clean | no-tx
BEGIN;
CREATE TABLE tapes (tape_id bigint PRIMARY KEY);
COMMIT;
-- case: transaction-nesting/two transactions one after the other | clean | no-tx
BEGIN;
CREATE TABLE tapes (tape_id bigint PRIMARY KEY);
COMMIT;
BEGIN;
CREATE TABLE rolls (roll_id bigint PRIMARY KEY);
COMMIT;
-- case: transaction-nesting/no transaction control in the runner's transaction | clean | tx
CREATE TABLE tapes (tape_id bigint PRIMARY KEY);

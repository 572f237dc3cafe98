-- Corpus case `table_auto_increment_start` on sqlite: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml: refused by the checks ====================
-- error[unsupported-feature]: `invoices.id` sets its sequence's start: those are PostgreSQL's, and sqlite's INTEGER PRIMARY KEY AUTOINCREMENT has no sequence
--   --> before.yaml:4:45
--   = help: remove `sequence` for a schema built on this database

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: `invoices.id` sets its sequence's start: those are PostgreSQL's, and sqlite's INTEGER PRIMARY KEY AUTOINCREMENT has no sequence
--   --> after.yaml:4:45
--   = help: remove `sequence` for a schema built on this database

-- Corpus case `column_identity_options` on sqlite: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml: refused by the checks ====================
-- error[unsupported-feature]: `counters.id` sets its sequence's name, start, increment, max_value: those are PostgreSQL's, and sqlite's INTEGER PRIMARY KEY AUTOINCREMENT has no sequence
--   --> before.yaml:13:5
--   = help: remove `sequence` for a schema built on this database

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: `counters.id` sets its sequence's name, start, increment, max_value: those are PostgreSQL's, and sqlite's INTEGER PRIMARY KEY AUTOINCREMENT has no sequence
--   --> after.yaml:17:5
--   = help: remove `sequence` for a schema built on this database
-- error[unsupported-feature]: `tickets.id` is `auto_increment: always`, and sqlite's INTEGER PRIMARY KEY AUTOINCREMENT accepts a value an INSERT gives: it cannot refuse one
--   --> after.yaml:7:5
--   = help: use `auto_increment: identity` (or leave it out) for a schema built on this database
-- error[unsupported-feature]: `tickets.id` sets its sequence's name, increment, max_value: those are PostgreSQL's, and sqlite's INTEGER PRIMARY KEY AUTOINCREMENT has no sequence
--   --> after.yaml:8:5
--   = help: remove `sequence` for a schema built on this database

-- ==================== later.yaml: refused by the checks ====================
-- error[unsupported-feature]: `counters.id` sets its sequence's name, start, increment, max_value, cache: those are PostgreSQL's, and sqlite's INTEGER PRIMARY KEY AUTOINCREMENT has no sequence
--   --> later.yaml:17:5
--   = help: remove `sequence` for a schema built on this database
-- error[unsupported-feature]: `tickets.id` sets its sequence's name, increment, max_value: those are PostgreSQL's, and sqlite's INTEGER PRIMARY KEY AUTOINCREMENT has no sequence
--   --> later.yaml:8:5
--   = help: remove `sequence` for a schema built on this database

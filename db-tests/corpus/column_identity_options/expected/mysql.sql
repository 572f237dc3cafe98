-- Corpus case `column_identity_options` on mysql: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml: refused by the checks ====================
-- error[unsupported-feature]: `counters.id` sets its sequence's name, increment, max_value: those are PostgreSQL's, and mysql's AUTO_INCREMENT has no sequence
--   --> before.yaml:13:5
--   = help: remove them for a schema built on this database (MySQL takes only a `start` of 1 or more, as the table's AUTO_INCREMENT=n)

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: `counters.id` sets its sequence's name, increment, max_value: those are PostgreSQL's, and mysql's AUTO_INCREMENT has no sequence
--   --> after.yaml:17:5
--   = help: remove them for a schema built on this database (MySQL takes only a `start` of 1 or more, as the table's AUTO_INCREMENT=n)
-- error[unsupported-feature]: `tickets.id` is `auto_increment: always`, and mysql's AUTO_INCREMENT accepts a value an INSERT gives: it cannot refuse one
--   --> after.yaml:7:5
--   = help: use `auto_increment: identity` (or leave it out) for a schema built on this database
-- error[unsupported-feature]: `tickets.id` sets its sequence's name, increment, max_value: those are PostgreSQL's, and mysql's AUTO_INCREMENT has no sequence
--   --> after.yaml:8:5
--   = help: remove them for a schema built on this database (MySQL takes only a `start` of 1 or more, as the table's AUTO_INCREMENT=n)

-- ==================== later.yaml: refused by the checks ====================
-- error[unsupported-feature]: `counters.id` sets its sequence's name, increment, max_value, cache: those are PostgreSQL's, and mysql's AUTO_INCREMENT has no sequence
--   --> later.yaml:17:5
--   = help: remove them for a schema built on this database (MySQL takes only a `start` of 1 or more, as the table's AUTO_INCREMENT=n)
-- error[unsupported-feature]: `tickets.id` sets its sequence's name, increment, max_value: those are PostgreSQL's, and mysql's AUTO_INCREMENT has no sequence
--   --> later.yaml:8:5
--   = help: remove them for a schema built on this database (MySQL takes only a `start` of 1 or more, as the table's AUTO_INCREMENT=n)

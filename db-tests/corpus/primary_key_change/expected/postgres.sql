-- Corpus case `primary_key_change` on postgres: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml -> after.yaml: refused by the planner ====================
-- error[unsupported-change]: the primary key of `accounts` changed
--   --> after.yaml:2:1
--   = help: changing a primary key rewrites the table and every foreign key to it; create a new table and move the data

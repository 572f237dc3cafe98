-- Corpus case `column_change_type_incompatible` on mysql: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml -> after.yaml: refused by the planner ====================
-- error[unsupported-change]: `accounts.code` changes type from varchar(20) to integer
--   --> after.yaml:7:3
--   = help: only widening changes the database does in place are generated yet (varchar(n) to a longer varchar or text, more numeric precision); for others add a new column, fill it, and drop the old one

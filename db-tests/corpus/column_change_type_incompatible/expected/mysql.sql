-- Corpus case `column_change_type_incompatible` on mysql: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml -> after.yaml: refused by the planner ====================
-- error[unsupported-change]: `accounts.code` changes type from varchar(20) to integer, which may fail on some values or lose part of them
--   --> after.yaml:7:11
--   = help: declare `narrowing: allowed` on the column to accept that (the values as they were are kept, and a down puts them back); widening changes need no declaration

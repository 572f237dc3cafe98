-- Corpus case `pg_enum_rename` on sqlite: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml -> after.yaml: refused by the planner ====================
-- error[unsupported-change]: `accounts.mood` changes type from mood to text, which may fail on some values or lose part of them
--   --> after.yaml:11:11
--   = help: declare `narrowing: allowed` on the column to accept that (the values as they were are kept, and a down puts them back); widening changes need no declaration
-- error[unsupported-change]: value `glad` of enum `mood` is renamed to `happy`, which sqlite cannot do in place
--   --> after.yaml:2:1
--   = help: add `happy` first and migrate, update the rows that hold `glad`, then remove `glad` (listed under `removed_values`)

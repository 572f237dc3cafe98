-- Corpus case `pg_enum_rename` on mysql: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml -> after.yaml: refused by the planner ====================
-- error[unsupported-change]: the native type of `accounts.mood` changed
--   --> after.yaml:11:3
--   = help: Tablewright cannot tell whether a native type converts without loss; add a new column, fill it, and drop the old one with `dropped: true`
-- error[unsupported-change]: value `glad` of enum `mood` is renamed to `happy`, which mysql cannot do in place
--   --> after.yaml:2:1
--   = help: add `happy` first and migrate, update the rows that hold `glad`, then remove `glad` (listed under `removed_values`)

-- Corpus case `column_make_not_null_without_default` on postgres: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml -> after.yaml: refused by the planner ====================
-- error[unsupported-change]: `accounts.nickname` becomes NOT NULL without a default, so nothing says what its rows that hold NULL should get
--   --> after.yaml:7:3
--   = help: give the column a default: its NULLs are filled with it before it becomes NOT NULL (the default can be removed in a later change); or keep it nullable

-- Corpus case `column_timestamp_precision_narrow` on sqlite: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml -> after.yaml: refused by the planner ====================
-- error[unsupported-change]: `events.at` declares `narrowing: allowed` but its type does not narrow
--   --> after.yaml:5:29
--   = help: declare it in the change that narrows the type (widening changes need no declaration), or remove it

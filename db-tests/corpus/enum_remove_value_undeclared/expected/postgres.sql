-- Corpus case `enum_remove_value_undeclared` on postgres: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml -> after.yaml: refused by the planner ====================
-- error[unsupported-change]: values "frozen" were removed from `accounts.status`
--   --> after.yaml:7:49
--   = help: rows may still hold them: update those rows, then confirm with `removed_values: [frozen]` (the new check is validated against every row)

-- Corpus case `column_widen_under_partial_index` on mysql: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml: refused by the checks ====================
-- error[unsupported-feature]: index `idx_accounts_name_scored` is partial, and mysql has no partial indexes
--   --> before.yaml:8:56
--   = help: drop the predicate (index every row), or target postgres or sqlite

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: index `idx_accounts_name_scored` is partial, and mysql has no partial indexes
--   --> after.yaml:8:56
--   = help: drop the predicate (index every row), or target postgres or sqlite

-- Corpus case `index_add_partial` on mysql: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: index `idx_accounts_active_name` is partial, and mysql has no partial indexes
--   --> after.yaml:9:56
--   = help: drop the predicate (index every row), or target postgres or sqlite

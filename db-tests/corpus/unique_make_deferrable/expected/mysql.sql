-- Corpus case `unique_make_deferrable` on mysql: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: unique constraint `seats_place_key` is deferrable, and mysql checks unique constraints on every row
--   --> after.yaml:7:25
--   = help: remove `deferrable` (the constraint is checked per row), or target postgres

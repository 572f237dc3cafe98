-- Corpus case `foreign_key_make_deferrable` on mysql: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: foreign key `accounts_team_id_fkey` is deferrable, and mysql checks foreign keys on every row
--   --> after.yaml:17:5
--   = help: remove `deferrable` (the key is checked per row), or target postgres or sqlite

-- ==================== later.yaml: refused by the checks ====================
-- error[unsupported-feature]: foreign key `accounts_team_id_fkey` is deferrable, and mysql checks foreign keys on every row
--   --> later.yaml:17:5
--   = help: remove `deferrable` (the key is checked per row), or target postgres or sqlite

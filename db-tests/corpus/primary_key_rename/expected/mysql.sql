-- Corpus case `primary_key_rename` on mysql: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: the primary key of `accounts` is named `accounts_pk`, and mysql names every primary key PRIMARY
--   --> after.yaml:3:1
--   = help: remove the name, or target postgres or sqlite

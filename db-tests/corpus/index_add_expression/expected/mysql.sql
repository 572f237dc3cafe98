-- Corpus case `index_add_expression` on mysql: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: index `idx_accounts_email_lower` has the expression key `lower(email)`: MariaDB has no expression keys, and MySQL only from 8.0.13
--   --> after.yaml:7:39
--   = help: add a generated column that holds the expression and index that column, or target postgres or sqlite

-- Corpus case `index_add_postgres_key_options` on mysql: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: index `idx_accounts_seen` places nulls in `seen_at DESC NULLS LAST`: mysql indexes take no NULLS FIRST or NULLS LAST
--   --> after.yaml:8:32
--   = help: remove `nulls` (SQLite and MySQL sort nulls first ascending, last descending), or target postgres
-- error[unsupported-feature]: index `idx_accounts_email_prefix` gives the key `email` the operator class `varchar_pattern_ops`: operator classes are PostgreSQL's, mysql has none
--   --> after.yaml:9:40
--   = help: remove `opclass`, or target postgres

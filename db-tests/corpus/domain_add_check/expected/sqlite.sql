-- Corpus case `domain_add_check` on sqlite: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml: refused by the checks ====================
-- error[unsupported-feature]: domain `email_address` is a PostgreSQL domain; sqlite has no domains
--   --> before.yaml:2:1
--   = help: on sqlite, give the columns the base type (varchar(200)) and a `check:` of their own

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: domain `email_address` is a PostgreSQL domain; sqlite has no domains
--   --> after.yaml:2:1
--   = help: on sqlite, give the columns the base type (varchar(200)) and a `check:` of their own

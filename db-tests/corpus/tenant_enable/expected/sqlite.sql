-- Corpus case `tenant_enable` on sqlite: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: table `accounts` is multi-tenant, but sqlite has no row-level security to enforce it
--   --> after.yaml:3:1
--   = help: target postgres, or remove `tenant` and filter by tenant in the application

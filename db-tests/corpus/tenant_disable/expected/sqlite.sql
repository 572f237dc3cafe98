-- Corpus case `tenant_disable` on sqlite: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml: refused by the checks ====================
-- error[unsupported-feature]: table `accounts` is multi-tenant, but sqlite has no row-level security to enforce it
--   --> before.yaml:3:1
--   = help: target postgres, or remove `tenant` and filter by tenant in the application

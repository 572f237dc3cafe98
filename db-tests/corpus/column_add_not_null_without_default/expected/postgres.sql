-- Corpus case `column_add_not_null_without_default` on postgres: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml -> after.yaml: refused by the planner ====================
-- error[unsupported-change]: new column `accounts.code` is NOT NULL without a default, which fails on a table with rows
--   --> after.yaml:7:3
--   = help: add it nullable (`nullable: true`), fill it, then make it NOT NULL in a later migration; or give it a default

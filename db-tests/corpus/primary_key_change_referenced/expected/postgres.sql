-- Corpus case `primary_key_change_referenced` on postgres: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml -> after.yaml: refused by the planner ====================
-- error[unsupported-change]: the primary key of `accounts` changed, but foreign key `orders_account_id_fkey` of `orders` points at it
--   --> after.yaml:5:30
--   = help: remove those foreign keys in one migration, change the key in the next, then declare them again (against the new key or a unique constraint)

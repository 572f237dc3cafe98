-- Corpus case `view_create` on postgres: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml: refused by the checks ====================
-- error[unindexed-foreign-key]: foreign key `lots_site_id_fkey` on `lots`: `site_id` is not indexed
--   --> before.yaml:10:29
--   = help: add `index: true` on the column (deletes in the parent table scan this table without it)

-- ==================== after.yaml: refused by the checks ====================
-- error[unindexed-foreign-key]: foreign key `lots_site_id_fkey` on `lots`: `site_id` is not indexed
--   --> after.yaml:10:29
--   = help: add `index: true` on the column (deletes in the parent table scan this table without it)

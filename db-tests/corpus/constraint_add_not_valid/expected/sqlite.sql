-- Corpus case `constraint_add_not_valid` on sqlite: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: check `entries_qty_check` is not_valid, and sqlite has no NOT VALID constraints
--   --> after.yaml:13:48
--   = help: remove `not_valid` (every existing row is checked when it is added), or target postgres
-- error[unsupported-feature]: foreign key `entries_team_id_fkey` is not_valid, and sqlite has no NOT VALID constraints
--   --> after.yaml:15:66
--   = help: remove `not_valid` (every existing row is checked when it is added), or target postgres

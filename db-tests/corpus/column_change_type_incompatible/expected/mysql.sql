-- Corpus case `column_change_type_incompatible` on mysql: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml -> after.yaml: refused by the planner ====================
-- error[unsupported-change]: `accounts.code` changes type from varchar(20) to integer, which may fail on some values or lose part of them
--   --> after.yaml:7:3
--   = help: widening changes are generated (more integer digits, more precision, longer text); for this one add a new column, fill it, and drop the old one with `dropped: true` (its data is kept)

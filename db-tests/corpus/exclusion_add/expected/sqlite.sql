-- Corpus case `exclusion_add` on sqlite: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: exclusion constraint `bookings_no_overlap` on `bookings`: sqlite has no exclusion constraints
--   --> after.yaml:9:5
--   = help: keep the table on PostgreSQL, or enforce the rule in the application (or a trigger) and remove `excludes`

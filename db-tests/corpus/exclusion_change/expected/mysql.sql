-- Corpus case `exclusion_change` on mysql: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml: refused by the checks ====================
-- error[unsupported-feature]: `bookings.during` is `tstzrange`, a type only PostgreSQL has; mysql has no such column type
--   --> before.yaml:6:3
--   = help: give mysql a type of its own, e.g. `native_type: { mysql: text }`, or use a portable type
-- error[unsupported-feature]: exclusion constraint `bookings_no_overlap` on `bookings`: mysql has no exclusion constraints
--   --> before.yaml:9:5
--   = help: keep the table on PostgreSQL, or enforce the rule in the application (or a trigger) and remove `excludes`

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: `bookings.during` is `tstzrange`, a type only PostgreSQL has; mysql has no such column type
--   --> after.yaml:6:3
--   = help: give mysql a type of its own, e.g. `native_type: { mysql: text }`, or use a portable type
-- error[unsupported-feature]: exclusion constraint `bookings_no_overlap` on `bookings`: mysql has no exclusion constraints
--   --> after.yaml:9:5
--   = help: keep the table on PostgreSQL, or enforce the rule in the application (or a trigger) and remove `excludes`

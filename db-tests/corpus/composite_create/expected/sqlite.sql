-- Corpus case `composite_create` on sqlite: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: `releases.history` is `version_parts[]`, an array only PostgreSQL has; sqlite has no such column type
--   --> after.yaml:15:14
--   = help: give sqlite a type of its own, e.g. `native_type: { sqlite: text }`, or use a portable type
-- error[unsupported-feature]: composite type `version_parts` is a PostgreSQL composite type; sqlite has none
--   --> after.yaml:2:1
--   = help: on sqlite, give each field a column of its own, or a JSON column (see https://github.com/tablewright/tablewright/blob/main/docs/yaml.md#composite-types)

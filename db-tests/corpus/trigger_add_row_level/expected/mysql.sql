-- Corpus case `trigger_add_row_level` on mysql: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: trigger `lots_count_touches` on `lots` executes a PostgreSQL function, and mysql triggers carry their body in their own dialect
--   --> after.yaml:17:5
--   = help: remove the trigger from the schema and write it in a migration of its own for mysql, or target postgres (docs/yaml.md#triggers)
-- error[unsupported-feature]: function `count_touches` is a PostgreSQL function, and mysql has no such functions to create
--   --> after.yaml:2:1
--   = help: remove it, declare it `external: true` if the database has it already, or target postgres (docs/yaml.md#functions)

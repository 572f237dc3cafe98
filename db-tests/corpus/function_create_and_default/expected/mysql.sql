-- Corpus case `function_create_and_default` on mysql: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: function `code_prefix` is a PostgreSQL function, and mysql has no such functions to create
--   --> after.yaml:2:1
--   = help: remove it, declare it `external: true` if the database has it already, or target postgres (docs/yaml.md#functions)

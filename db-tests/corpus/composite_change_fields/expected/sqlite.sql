-- Corpus case `composite_change_fields` on sqlite: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== before.yaml: refused by the checks ====================
-- error[unsupported-feature]: composite type `price` is a PostgreSQL composite type; sqlite has none
--   --> before.yaml:2:1
--   = help: on sqlite, give each field a column of its own, or a JSON column (see https://github.com/tablewright/tablewright/blob/main/docs/yaml.md#composite-types)

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: composite type `money_amount` is a PostgreSQL composite type; sqlite has none
--   --> after.yaml:2:1
--   = help: on sqlite, give each field a column of its own, or a JSON column (see https://github.com/tablewright/tablewright/blob/main/docs/yaml.md#composite-types)

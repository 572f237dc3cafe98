-- Corpus case `view_create` on mysql: what db-tests/tests/corpus.rs pins for it.
-- Do not edit: after an intended change run the test with TABLEWRIGHT_BLESS=1 and review the diff.

-- ==================== after.yaml: refused by the checks ====================
-- error[unsupported-feature]: materialized view `site_totals`: mysql has no materialized views
--   --> after.yaml:20:1
--   = help: declare a plain view (without `materialized: true`), or a table the application fills, or target postgres (docs/yaml.md#views-and-materialized-views)

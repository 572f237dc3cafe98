INSERT INTO packages (name) VALUES ('serde'), ('diesel');

-- run after: UPDATE packages SET scores = '{3,2147483647}', keywords = '{orm,sql}', valid_during = '[2026-01-01,2027-01-01)', search = to_tsvector('simple', 'safe extensible orm') WHERE name = 'diesel'
-- expect after 2: SELECT count(*) AS n FROM packages WHERE retention = '30 days' AND keywords IS NOT NULL AND (scores IS NULL OR scores = '{3,2147483647}'::integer[])
-- expect later 2: SELECT count(*) AS n FROM packages WHERE (scores IS NULL OR scores = '{3,2147483647}'::bigint[]) AND (search IS NULL OR (search @@ 'orm'::tsquery AND 'orm' = ANY (keywords) AND valid_during @> '2026-06-01 00:00:00+00'::timestamptz))
-- expect before 2: SELECT count(*) AS n FROM packages

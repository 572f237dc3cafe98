INSERT INTO events (payload) VALUES ('{"a": 1}'), ('[1, 2]');

-- expect before 2: SELECT count(*) AS n FROM events WHERE id <= 2
-- expect after 2: SELECT count(*) AS n FROM events__payload__narrowed WHERE id <= 2
-- run after: INSERT INTO events (payload) VALUES ('{"b": 2}')
-- expect reverted 3: SELECT count(*) AS n FROM events

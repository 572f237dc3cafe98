INSERT INTO countries (id) VALUES (1), (2);

-- run after: UPDATE countries SET code = 'FR', name = 'France' WHERE id = 1
-- expect after 2: SELECT count(*) AS n FROM countries WHERE code IN ('XX', 'FR')
-- expect after 1: SELECT count(*) AS n FROM countries WHERE id = 2 AND code = 'XX' AND name IS NULL

INSERT INTO accounts (id, region, code) VALUES (1, 'eu', 'a'), (2, 'eu', 'b'), (3, 'us', 'a');

-- expect before 3: SELECT count(*) AS n FROM accounts
-- expect after 3: SELECT count(*) AS n FROM accounts

INSERT INTO accounts (name) VALUES ('ann'), ('bob'), ('cy');

-- expect before 3: SELECT count(*) AS n FROM accounts
-- expect after 3: SELECT count(DISTINCT token) AS n FROM accounts

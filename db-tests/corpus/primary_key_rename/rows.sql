INSERT INTO accounts (name) VALUES ('ann'), ('bob');

-- expect after 2: SELECT count(*) AS n FROM accounts
-- expect reverted 2: SELECT count(*) AS n FROM accounts

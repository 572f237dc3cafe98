INSERT INTO accounts (name) VALUES ('ann'), ('bob');

-- expect after 2: SELECT count(*) AS n FROM accounts WHERE mood = 'ok'
-- expect before 2: SELECT count(*) AS n FROM accounts

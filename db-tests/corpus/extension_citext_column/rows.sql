INSERT INTO accounts (name) VALUES ('ann'), ('bob');

-- run after: UPDATE accounts SET handle = 'Ann' WHERE name = 'ann'
-- expect after 1: SELECT count(*) AS n FROM accounts WHERE handle = 'ANN'

INSERT INTO accounts (name) VALUES ('ann'), ('bob');

-- run after: UPDATE accounts SET mood = 'happy' WHERE name = 'bob'
-- expect after 1: SELECT count(*) AS n FROM accounts WHERE mood = 'ok'
-- expect after 1: SELECT count(*) AS n FROM accounts WHERE mood = 'happy'

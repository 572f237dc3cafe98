INSERT INTO accounts (name, mood) VALUES ('ann', 'happy'), ('bob', NULL);

-- expect after 1: SELECT count(*) AS n FROM accounts WHERE mood__dropped = 'happy'
-- expect before 1: SELECT count(*) AS n FROM accounts WHERE mood = 'happy'

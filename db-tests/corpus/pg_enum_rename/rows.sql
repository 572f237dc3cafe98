INSERT INTO accounts (name, mood) VALUES ('ann', 'glad'), ('bob', 'sad');

-- expect after 1: SELECT count(*) AS n FROM accounts WHERE mood = 'happy' AND name = 'ann'
-- expect before 1: SELECT count(*) AS n FROM accounts WHERE mood = 'glad' AND name = 'ann'

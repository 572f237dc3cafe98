INSERT INTO accounts (name, mood) VALUES ('ann', 'sad'), ('bob', 'happy');

-- expect after 1: SELECT count(*) AS n FROM accounts WHERE mood = 'happy'
-- expect before 1: SELECT count(*) AS n FROM accounts WHERE mood = 'sad'
-- expect before 2: SELECT count(*) AS n FROM accounts WHERE mood IN ('sad', 'happy')

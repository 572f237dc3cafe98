INSERT INTO accounts (name) VALUES ('ann'), ('bob');

-- expect after 1: SELECT count(*) AS n FROM accounts WHERE CAST('Ann' AS citext) = CAST('ANN' AS citext) AND name = 'ann'

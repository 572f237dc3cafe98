INSERT INTO accounts (name) VALUES ('ann'), ('bob');

-- expect after 1: SELECT count(*) AS n FROM accounts WHERE CAST('Ann' AS citext) = CAST('ANN' AS citext) AND name = 'ann'
-- expect after 1: SELECT count(*) AS n FROM accounts WHERE CAST('top.science' AS ltree) @> CAST('top.science.astronomy' AS ltree) AND name = 'bob'

INSERT INTO accounts (name, score) VALUES ('ann', 12), ('bob', NULL), ('cy', -3);

-- expect after 1: SELECT count(*) AS n FROM accounts WHERE score = 12
-- expect after 3: SELECT count(*) AS n FROM accounts

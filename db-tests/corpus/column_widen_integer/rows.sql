INSERT INTO accounts (name, balance, score) VALUES ('ann', 2147483647, 12), ('bob', -5, NULL), ('cy', 0, 32767);

-- expect before 3: SELECT count(*) AS n FROM accounts
-- expect after 1: SELECT count(*) AS n FROM accounts WHERE balance = 2147483647 AND score = 12
-- expect after 1: SELECT count(*) AS n FROM accounts WHERE balance = -5 AND score IS NULL
-- expect after 1: SELECT count(*) AS n FROM accounts WHERE score = 32767

INSERT INTO accounts (login, name) VALUES ('ann', 'Ann'), ('bob', 'Bob');

-- expect after 1: SELECT count(*) AS n FROM accounts WHERE handle = 'ann' AND name = 'Ann'
-- expect before 1: SELECT count(*) AS n FROM accounts WHERE login = 'ann' AND name = 'Ann'

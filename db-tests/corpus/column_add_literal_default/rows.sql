INSERT INTO accounts (name, email) VALUES ('ann', 'ann@example.com'), ('bob', NULL);

-- expect after 2: SELECT count(*) AS n FROM accounts WHERE credits = 10
-- expect before 2: SELECT count(*) AS n FROM accounts

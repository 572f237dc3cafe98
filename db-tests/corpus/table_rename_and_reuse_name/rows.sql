INSERT INTO accounts (name, email) VALUES ('ann', 'ann@example.com'), ('bob', NULL);

-- expect after 2: SELECT count(*) AS n FROM members WHERE name IN ('ann', 'bob')
-- expect later 2: SELECT count(*) AS n FROM members WHERE name IN ('ann', 'bob')
-- expect later 0: SELECT count(*) AS n FROM accounts
-- expect before 2: SELECT count(*) AS n FROM accounts WHERE name IN ('ann', 'bob')

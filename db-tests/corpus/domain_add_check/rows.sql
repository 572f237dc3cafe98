INSERT INTO accounts (email) VALUES ('ann@example.com'), ('bob@example.com');

-- expect after 2: SELECT count(*) AS n FROM accounts WHERE email LIKE '%@%'

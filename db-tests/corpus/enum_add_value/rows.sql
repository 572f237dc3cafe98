INSERT INTO accounts (name, status) VALUES ('ann', 'active'), ('bob', 'closed');

-- expect after 2: SELECT count(*) AS n FROM accounts WHERE status IN ('active', 'closed')

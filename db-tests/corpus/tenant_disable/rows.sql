INSERT INTO accounts (tenant_id, name) VALUES (1, 'ann'), (2, 'bob');

-- expect after 2: SELECT count(*) AS n FROM accounts

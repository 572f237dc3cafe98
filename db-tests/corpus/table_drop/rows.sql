INSERT INTO accounts (name) VALUES ('ann');
INSERT INTO sessions (account_id, token) VALUES (1, 't1'), (1, 't2');

-- expect after 2: SELECT count(*) AS n FROM sessions__dropped
-- expect before 2: SELECT count(*) AS n FROM sessions WHERE account_id = 1

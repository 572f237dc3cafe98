INSERT INTO accounts (name, code) VALUES ('ann', 'twenty-characters-ok'), ('bob', NULL);

-- expect after 1: SELECT count(*) AS n FROM accounts WHERE code = 'twenty-characters-ok'
-- expect before 1: SELECT count(*) AS n FROM accounts WHERE code = 'twenty-characters-ok'

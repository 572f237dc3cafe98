INSERT INTO accounts (name) VALUES ('ann'), ('bob');

-- expect after 2: SELECT count(*) AS n FROM accounts WHERE code = 'AA'
-- expect after 1: SELECT count(*) AS n FROM (SELECT code_prefix() AS c) x WHERE c = 'AAA'

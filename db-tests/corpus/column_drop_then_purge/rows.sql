INSERT INTO accounts (name, legacy_code) VALUES ('ann', 'A1'), ('bob', 'B2');

-- expect after 1: SELECT count(*) AS n FROM accounts WHERE legacy_code__dropped = 'A1'
-- expect purged 2: SELECT count(*) AS n FROM accounts

INSERT INTO accounts (name, qty) VALUES ('ann', 5), ('bob', NULL), ('cy', 2147483647);

-- expect after 2: SELECT count(*) AS n FROM accounts__qty__narrowed
-- expect purged 3: SELECT count(*) AS n FROM accounts

INSERT INTO accounts (qty) VALUES (5), (NULL), (2147483647);

-- expect after 2: SELECT count(*) AS n FROM accounts__qty__narrowed
-- expect later 2: SELECT count(*) AS n FROM ledger__quantity__narrowed WHERE quantity__before IS NOT NULL
-- expect reverted 3: SELECT count(*) AS n FROM accounts

INSERT INTO accounts (name, balance) VALUES ('ann', 5), ('bob', 0);

-- expect after 2: SELECT count(*) AS n FROM accounts

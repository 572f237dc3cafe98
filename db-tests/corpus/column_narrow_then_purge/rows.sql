INSERT INTO accounts (name, price, qty) VALUES ('ann', 10.1234, 5), ('bob', 0.0050, NULL), ('cy', 7.5, 2147483647);

-- expect after 3: SELECT count(*) AS n FROM accounts__price__narrowed
-- expect purged 3: SELECT count(*) AS n FROM accounts

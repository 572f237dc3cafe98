INSERT INTO accounts (name, price, qty) VALUES ('ann', 10.1234, 5), ('bob', 0.0050, NULL), ('cy', 7.5, 2147483647);

-- expect before 1: SELECT count(*) AS n FROM accounts WHERE name = 'ann' AND price = 10.1234
-- expect before 1: SELECT count(*) AS n FROM accounts WHERE name = 'bob' AND price = 0.005
-- expect before 1: SELECT count(*) AS n FROM accounts WHERE qty = 2147483647
-- expect after@postgres,mysql 1: SELECT count(*) AS n FROM accounts WHERE price = 10.12
-- expect after@postgres,mysql 1: SELECT count(*) AS n FROM accounts WHERE price = 0.01
-- expect after 1: SELECT count(*) AS n FROM accounts WHERE qty = 2147483647
-- expect after 3: SELECT count(*) AS n FROM accounts__price__narrowed WHERE id <= 3
-- expect after 2: SELECT count(*) AS n FROM accounts__qty__narrowed WHERE id <= 3

-- While narrowed, the application changes cy's price and adds dee: the down keeps both.
-- run after: UPDATE accounts SET price = 3.5 WHERE name = 'cy'
-- run after: INSERT INTO accounts (name, price, qty) VALUES ('dee', 1.25, 7)
-- expect reverted 1: SELECT count(*) AS n FROM accounts WHERE name = 'cy' AND price = 3.5
-- expect reverted 1: SELECT count(*) AS n FROM accounts WHERE name = 'dee' AND price = 1.25 AND qty = 7
-- expect reverted 4: SELECT count(*) AS n FROM accounts

INSERT INTO order_lines (id, price, quantity) VALUES (1, 2.50, 4), (2, 10.00, 3);

-- run after: INSERT INTO order_lines (id, price, quantity) VALUES (3, 1.00, 7)
-- expect after 2: SELECT count(*) AS n FROM order_lines WHERE total = price * quantity AND id < 3
-- expect later 3: SELECT count(*) AS n FROM order_lines WHERE total = price * quantity + 1
-- expect before 2: SELECT count(*) AS n FROM order_lines WHERE id < 3

INSERT INTO products (list_price) VALUES (ROW(9.99, 'EUR', 'launch')), (ROW(5.00, 'USD', NULL));

-- expect after 1: SELECT count(*) AS n FROM products WHERE (list_price).currency_code = 'EUR' AND (list_price).amount = 9.99
-- expect before 1: SELECT count(*) AS n FROM products WHERE (list_price).currency = 'EUR'

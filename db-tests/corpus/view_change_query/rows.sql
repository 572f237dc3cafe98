INSERT INTO lots (code, qty) VALUES ('a', 1), ('b', 0), ('void', 2);

-- expect before 2: SELECT lots AS n FROM stock_count
-- expect after 1: SELECT lots AS n FROM stock_count
-- expect after 1: SELECT count(*) AS n FROM lots_in_stock WHERE qty = 1
-- expect later 1: SELECT count(*) AS n FROM lots_in_stock WHERE code = 'a'
-- expect reverted 2: SELECT lots AS n FROM stock_count

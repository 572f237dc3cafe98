INSERT INTO lots (code, qty) VALUES ('a', 5), ('b', 50);

-- expect after 1: SELECT count(*) AS n FROM big_lots
-- expect after 1: SELECT count(*) AS n FROM lot_qty WHERE qty = 50
-- expect reverted 1: SELECT count(*) AS n FROM big_lots

INSERT INTO lots (qty) VALUES (1), (2);

-- run after: UPDATE lots SET qty = 10 WHERE qty = 1
-- run after: UPDATE lots SET qty = 2 WHERE qty = 2
-- expect reverted 1: SELECT count(*) AS n FROM lots WHERE qty = 10 AND touched = 1
-- expect reverted 1: SELECT count(*) AS n FROM lots WHERE qty = 2 AND touched = 0

INSERT INTO lots (qty) VALUES (1);

-- run after: INSERT INTO lots (qty) VALUES (2), (3), (4)
-- expect reverted 1: SELECT count(*) AS n FROM lot_batches WHERE source = 'lots' AND rows_added = 3

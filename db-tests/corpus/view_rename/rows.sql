INSERT INTO lots (qty) VALUES (1), (2);

-- expect after 2: SELECT count(*) AS n FROM lots_visible
-- expect after 2: SELECT lots AS n FROM lot_count
-- expect reverted 2: SELECT count(*) AS n FROM lot_view

INSERT INTO sites (name) VALUES ('north'), ('south');
INSERT INTO lots (site_id, qty) VALUES (1, 5), (1, 7), (2, 3);

-- expect after 3: SELECT count(*) AS n FROM site_stock
-- expect after 12: SELECT qty AS n FROM site_totals WHERE site = 'north'
-- run after: REFRESH MATERIALIZED VIEW CONCURRENTLY site_totals
-- expect reverted 3: SELECT count(*) AS n FROM lots WHERE site_id = 1 OR qty = 3

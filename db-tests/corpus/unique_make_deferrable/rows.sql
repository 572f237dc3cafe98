INSERT INTO seats (place) VALUES (1), (2);

-- Two rows swap places, one statement each: only a deferred unique constraint allows it.
-- run after: BEGIN; UPDATE seats SET place = 2 WHERE id = 1; UPDATE seats SET place = 1 WHERE id = 2; COMMIT
-- expect reverted 1: SELECT count(*) AS n FROM seats WHERE id = 1 AND place = 2
-- expect before 2: SELECT count(*) AS n FROM seats

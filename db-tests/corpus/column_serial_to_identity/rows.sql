INSERT INTO tickets (title) VALUES ('a'), ('b');

-- The identity continues where the sequence stood, and the down's sequence where the identity stood.
-- run after: INSERT INTO tickets (title) VALUES ('c')
-- expect reverted 1: SELECT count(*) AS n FROM tickets WHERE title = 'c' AND id = 3
-- run reverted: INSERT INTO tickets (title) VALUES ('d')
-- expect after 0: SELECT count(*) AS n FROM tickets WHERE (title = 'c' AND id <> 3) OR (title = 'd' AND id <> 4)
-- expect after 2: SELECT count(*) AS n FROM tickets WHERE title IN ('a', 'b') AND id IN (1, 2)

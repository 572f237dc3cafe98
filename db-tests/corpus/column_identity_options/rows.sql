INSERT INTO tickets (title) VALUES ('a'), ('b');
INSERT INTO counters (label) VALUES ('x');

-- expect before 1: SELECT count(*) AS n FROM counters WHERE label = 'x' AND id = 1000
-- Each change keeps the next value, with the step in force.
-- run after: INSERT INTO tickets (title) VALUES ('c')
-- run after: INSERT INTO counters (label) VALUES ('y')
-- expect later 1: SELECT count(*) AS n FROM tickets WHERE title = 'c' AND id = 12
-- expect later 1: SELECT count(*) AS n FROM counters WHERE label = 'y' AND id = 1010
-- run later: INSERT INTO tickets (title) VALUES ('d')
-- expect reverted 1: SELECT count(*) AS n FROM tickets WHERE title = 'd' AND id = 22
-- run reverted: INSERT INTO tickets (title) VALUES ('e')
-- expect later 0: SELECT count(*) AS n FROM tickets WHERE title = 'e' AND id <> 23

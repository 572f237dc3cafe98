INSERT INTO notes (body) VALUES ('a');

-- run after: INSERT INTO notes (body) VALUES ('b')
-- expect later 1: SELECT count(*) AS n FROM notes WHERE body = 'b' AND note = 'v2'
-- run later: INSERT INTO notes (body, note) VALUES ('c', 'mine')
-- run later: UPDATE notes SET note = NULL WHERE body = 'a'
-- expect reverted 1: SELECT count(*) AS n FROM notes WHERE body = 'a' AND note = 'v2'
-- expect reverted 1: SELECT count(*) AS n FROM notes WHERE body = 'c' AND note = 'mine'
-- expect reverted 1: SELECT count(*) AS n FROM notes WHERE body = 'b' AND note = 'v2'

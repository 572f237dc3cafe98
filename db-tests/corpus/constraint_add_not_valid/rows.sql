INSERT INTO teams (name) VALUES ('red');
INSERT INTO entries (team_id, qty) VALUES (1, 5), (99, -1);

-- The old rows that break both constraints are still there, and never checked.
-- expect after 1: SELECT count(*) AS n FROM entries WHERE team_id = 99 AND qty = -1
-- A new row must keep them: this one may be written, one like the old row may not (the test fails on an error).
-- run after: INSERT INTO entries (team_id, qty) VALUES (1, 0)
-- expect reverted 3: SELECT count(*) AS n FROM entries

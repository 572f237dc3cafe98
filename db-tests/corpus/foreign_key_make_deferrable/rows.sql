INSERT INTO teams (name) VALUES ('red');
INSERT INTO accounts (name, team_id) VALUES ('ann', 1), ('bob', NULL);

-- A row that refers to a team inserted after it, in one transaction: only a deferred key allows it.
-- run after: BEGIN; INSERT INTO accounts (name, team_id) VALUES ('cat', 7); INSERT INTO teams (id, name) VALUES (7, 'blue'); COMMIT
-- expect later 1: SELECT count(*) AS n FROM accounts WHERE team_id = 7
-- expect reverted 1: SELECT count(*) AS n FROM accounts WHERE team_id = 7
-- expect before 1: SELECT count(*) AS n FROM accounts WHERE name = 'ann' AND team_id = 1

INSERT INTO teams (name) VALUES ('red');
INSERT INTO accounts (name, team_id) VALUES ('ann', 1), ('bob', NULL);

-- expect after 1: SELECT count(*) AS n FROM accounts WHERE team_id = 1

INSERT INTO accounts (name, nickname) VALUES ('ann', NULL), ('bob', 'bobby');

-- expect after 1: SELECT count(*) AS n FROM accounts WHERE name = 'ann' AND nickname = 'anon'
-- expect after 1: SELECT count(*) AS n FROM accounts WHERE nickname = 'bobby'
-- expect before 1: SELECT count(*) AS n FROM accounts WHERE nickname = 'bobby'

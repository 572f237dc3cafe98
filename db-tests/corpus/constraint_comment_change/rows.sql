INSERT INTO accounts (code, qty) VALUES ('A1', 5);

-- expect after 1: SELECT count(*) AS n FROM accounts WHERE code = 'A1' AND qty = 5

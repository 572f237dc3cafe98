INSERT INTO tickets (status) VALUES ('open'), ('closed'), ('closed');

-- expect after 2: SELECT count(*) AS n FROM tickets WHERE status = 'closed'
-- expect reverted 1: SELECT count(*) AS n FROM tickets WHERE status = 'open'

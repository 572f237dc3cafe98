INSERT INTO events (created_at) VALUES ('2024-05-01 10:00:00.123456');

-- expect after 1: SELECT count(*) AS n FROM events WHERE created_at = '2024-05-01 10:00:00.123456'
-- expect before 1: SELECT count(*) AS n FROM events WHERE created_at = '2024-05-01 10:00:00.123456'
-- run after: INSERT INTO events (created_at, opens_at) VALUES ('2024-05-02 08:00:00', '08:30:00')

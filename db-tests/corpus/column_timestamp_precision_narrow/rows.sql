INSERT INTO events (at) VALUES ('2024-05-01 10:00:00.123456');

-- expect after@postgres,mysql 1: SELECT count(*) AS n FROM events WHERE at = '2024-05-01 10:00:00.123'
-- expect reverted 1: SELECT count(*) AS n FROM events WHERE at = '2024-05-01 10:00:00.123456'

INSERT INTO bookings (room_id, during) VALUES (1, '[2024-01-01 10:00+00, 2024-01-01 11:00+00)'), (2, '[2024-01-01 10:00+00, 2024-01-01 11:00+00)');

-- expect after 2: SELECT count(*) AS n FROM bookings
-- expect reverted 2: SELECT count(*) AS n FROM bookings

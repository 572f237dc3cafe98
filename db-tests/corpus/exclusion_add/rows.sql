INSERT INTO bookings (room_id, during) VALUES (1, '[2024-01-01 10:00+00, 2024-01-01 11:00+00)'), (1, '[2024-01-01 11:00+00, 2024-01-01 12:00+00)');
INSERT INTO bookings (room_id, during, cancelled) VALUES (1, '[2024-01-01 10:30+00, 2024-01-01 11:30+00)', true);

-- expect after 3: SELECT count(*) AS n FROM bookings
-- expect reverted 3: SELECT count(*) AS n FROM bookings

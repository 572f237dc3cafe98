INSERT INTO releases (num) VALUES ('1.2.3'), ('2.0.0');

-- expect after 2: SELECT count(*) AS n FROM releases WHERE parts IS NULL AND history IS NULL
-- expect before 2: SELECT count(*) AS n FROM releases

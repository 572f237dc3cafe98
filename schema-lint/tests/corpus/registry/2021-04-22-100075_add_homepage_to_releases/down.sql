ALTER TABLE releases DROP COLUMN homepage, DROP COLUMN documentation, DROP COLUMN repository;

ALTER TABLE packages DROP COLUMN repository;

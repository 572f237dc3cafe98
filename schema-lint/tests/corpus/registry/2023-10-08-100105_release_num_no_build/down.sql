ALTER TABLE releases DROP COLUMN num_no_build;

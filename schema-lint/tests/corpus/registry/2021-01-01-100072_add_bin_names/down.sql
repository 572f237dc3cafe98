ALTER TABLE releases DROP COLUMN bin_names;

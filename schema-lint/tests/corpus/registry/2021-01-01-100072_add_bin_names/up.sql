ALTER TABLE releases ADD COLUMN bin_names text[];

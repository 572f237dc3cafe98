ALTER TABLE releases ADD COLUMN num_no_build varchar;

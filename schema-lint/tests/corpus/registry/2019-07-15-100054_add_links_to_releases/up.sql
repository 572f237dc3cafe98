ALTER TABLE releases ADD COLUMN links varchar;

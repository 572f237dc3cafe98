ALTER TABLE releases ADD COLUMN license varchar;

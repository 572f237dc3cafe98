ALTER TABLE releases ADD COLUMN edition varchar;

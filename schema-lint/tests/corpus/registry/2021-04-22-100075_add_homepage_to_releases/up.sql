ALTER TABLE releases ADD COLUMN homepage varchar, ADD COLUMN documentation varchar, ADD COLUMN repository varchar;

ALTER TABLE packages ADD COLUMN homepage varchar, ADD COLUMN documentation varchar;

ALTER TABLE packages DROP COLUMN homepage, DROP COLUMN documentation;

ALTER TABLE packages DROP COLUMN textsearchable;

ALTER TABLE releases DROP COLUMN linecounts;

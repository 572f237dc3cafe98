ALTER TABLE releases ADD COLUMN linecounts jsonb DEFAULT '{}'::jsonb;

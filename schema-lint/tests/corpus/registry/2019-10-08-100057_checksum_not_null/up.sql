UPDATE releases SET checksum = repeat('0', 64) WHERE checksum IS NULL;
ALTER TABLE releases ALTER COLUMN checksum SET NOT NULL;

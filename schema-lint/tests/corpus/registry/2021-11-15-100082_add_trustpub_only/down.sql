ALTER TABLE packages DROP COLUMN trustpub_only;

ALTER TABLE packages ADD COLUMN trustpub_only boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN packages.trustpub_only IS 'Only trusted publishing may publish this package';

ALTER TABLE releases ADD COLUMN description varchar;
COMMENT ON COLUMN releases.description IS 'The description of this release, from its manifest';

ALTER TABLE releases DROP COLUMN semver_ord;
DROP FUNCTION semver_ord(varchar);

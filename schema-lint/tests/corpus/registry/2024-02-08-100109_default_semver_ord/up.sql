ALTER TABLE releases ALTER COLUMN semver_ord SET DEFAULT semver_ord('0.0.0');

ALTER TABLE package_owners DROP COLUMN owner_kind;
DROP TABLE teams;

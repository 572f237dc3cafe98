ALTER TABLE releases DROP COLUMN has_lib;

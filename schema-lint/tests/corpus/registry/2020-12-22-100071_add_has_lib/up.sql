ALTER TABLE releases ADD COLUMN has_lib boolean;

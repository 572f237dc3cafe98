ALTER TABLE teams ADD COLUMN org_id integer;

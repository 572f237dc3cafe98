CREATE FUNCTION semver_ord(num varchar) RETURNS jsonb IMMUTABLE LANGUAGE sql AS $$
    SELECT to_jsonb(string_to_array(split_part(num, '+', 1), '.'));
$$;
ALTER TABLE releases ADD COLUMN semver_ord jsonb;
COMMENT ON COLUMN releases.semver_ord IS 'Sort key of num, filled by the application';

CREATE FUNCTION random_token(len integer) RETURNS text AS $$
DECLARE
    chars text := 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    result text := '';
BEGIN
    FOR i IN 1..len LOOP
        result := result || substr(chars, 1 + floor(random() * length(chars))::integer, 1);
    END LOOP;
    RETURN result;
END
$$ LANGUAGE plpgsql;

DROP FUNCTION random_token(integer);

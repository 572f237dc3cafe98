-- Every account gets a token of its own: the default runs once per row.
ALTER TABLE accounts ADD COLUMN api_token varchar NOT NULL DEFAULT random_token(32);

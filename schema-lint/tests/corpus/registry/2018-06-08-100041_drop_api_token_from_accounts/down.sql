ALTER TABLE accounts ADD COLUMN api_token varchar NOT NULL DEFAULT random_token(32);

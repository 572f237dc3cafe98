ALTER TABLE api_tokens ADD COLUMN token varchar;

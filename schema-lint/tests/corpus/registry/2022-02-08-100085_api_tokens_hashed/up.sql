ALTER TABLE api_tokens ADD COLUMN token_hash bytea;
UPDATE api_tokens SET token_hash = digest(token, 'sha256');
ALTER TABLE api_tokens DROP COLUMN token;

SET lock_timeout = '5s';
ALTER TABLE api_tokens VALIDATE CONSTRAINT api_tokens_token_hash_not_null;
ALTER TABLE api_tokens ALTER COLUMN token_hash SET NOT NULL;

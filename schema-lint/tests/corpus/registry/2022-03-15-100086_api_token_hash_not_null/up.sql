SET lock_timeout = '5s';
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_token_hash_not_null CHECK (token_hash IS NOT NULL) NOT VALID;

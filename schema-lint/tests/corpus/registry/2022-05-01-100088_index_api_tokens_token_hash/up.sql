SET lock_timeout = '5s';
CREATE UNIQUE INDEX CONCURRENTLY index_api_tokens_token_hash ON api_tokens (token_hash);

ALTER TABLE api_tokens DROP COLUMN expired_at;

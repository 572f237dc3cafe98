ALTER TABLE api_tokens ADD COLUMN expired_at timestamptz;

ALTER TABLE api_tokens ADD COLUMN revoked boolean NOT NULL DEFAULT false;

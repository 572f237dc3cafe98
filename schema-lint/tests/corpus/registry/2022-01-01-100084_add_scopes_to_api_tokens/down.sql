ALTER TABLE api_tokens DROP COLUMN package_scopes, DROP COLUMN endpoint_scopes;

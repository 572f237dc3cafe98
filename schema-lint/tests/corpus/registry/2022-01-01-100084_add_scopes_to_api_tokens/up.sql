ALTER TABLE api_tokens ADD COLUMN package_scopes text[], ADD COLUMN endpoint_scopes text[];

-- tablewright-lint: ignore drop-column (moved to api_tokens by the migration before)
ALTER TABLE accounts DROP COLUMN api_token;

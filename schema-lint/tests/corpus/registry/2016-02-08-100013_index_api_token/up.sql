CREATE UNIQUE INDEX index_accounts_api_token ON accounts (api_token);

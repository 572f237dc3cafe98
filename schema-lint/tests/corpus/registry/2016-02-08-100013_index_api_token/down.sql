DROP INDEX index_accounts_api_token;

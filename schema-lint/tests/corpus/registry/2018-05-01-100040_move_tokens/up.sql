INSERT INTO api_tokens (account_id, token, name)
    SELECT id, api_token, 'legacy' FROM accounts;

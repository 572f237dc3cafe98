DELETE FROM api_tokens WHERE name = 'legacy';

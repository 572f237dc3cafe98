CREATE TABLE api_tokens (
    id serial PRIMARY KEY,
    account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token varchar NOT NULL UNIQUE DEFAULT random_token(32),
    name varchar NOT NULL,
    created_at timestamp NOT NULL DEFAULT now(),
    last_used_at timestamp
);
CREATE INDEX index_api_tokens_account_id ON api_tokens (account_id);

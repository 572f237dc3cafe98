CREATE TABLE emails (
    id serial PRIMARY KEY,
    account_id integer NOT NULL UNIQUE REFERENCES accounts (id) ON DELETE CASCADE,
    email varchar NOT NULL,
    verified boolean NOT NULL DEFAULT false,
    token text NOT NULL DEFAULT random_token(26),
    token_generated_at timestamp
);
INSERT INTO emails (account_id, email) SELECT id, email FROM accounts WHERE email IS NOT NULL;

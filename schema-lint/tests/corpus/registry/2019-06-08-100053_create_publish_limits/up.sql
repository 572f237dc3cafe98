CREATE TABLE publish_limit_buckets (
    account_id integer PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    tokens integer NOT NULL,
    last_refill timestamp NOT NULL
);
CREATE TABLE publish_rate_overrides (
    account_id integer PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    burst integer NOT NULL
);

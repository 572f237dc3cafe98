-- API tokens whose secret part defaults to a random string; ownership invitations with a token
-- of their own and a foreign key checked at commit; a check on old rows left NOT VALID; the
-- version parts gain a field, and recent daily tallies are kept as an array of a composite.
CREATE TYPE token_scope AS ENUM ('publish-new', 'publish-update', 'yank', 'change-owners');

CREATE TABLE api_tokens (
    id serial PRIMARY KEY,
    account_id integer NOT NULL,
    name character varying NOT NULL,
    token bytea NOT NULL,
    plain_prefix character varying DEFAULT random_string(8) NOT NULL,
    scopes token_scope[],
    crate_patterns text[],
    revoked boolean DEFAULT false NOT NULL,
    last_used_at timestamp without time zone,
    expired_at timestamp without time zone,
    created_at timestamp without time zone DEFAULT now() NOT NULL,
    CONSTRAINT fk_api_tokens_account_id FOREIGN KEY (account_id) REFERENCES accounts(id)
);
CREATE UNIQUE INDEX api_tokens_token_key ON api_tokens USING btree (token);
CREATE INDEX index_api_tokens_account_id ON api_tokens USING btree (account_id);

CREATE TABLE owner_invitations (
    invited_account_id integer NOT NULL,
    invited_by integer NOT NULL,
    crate_id integer NOT NULL,
    token text DEFAULT random_string(26) NOT NULL,
    created_at timestamp without time zone DEFAULT now() NOT NULL,
    CONSTRAINT owner_invitations_pkey PRIMARY KEY (invited_account_id, crate_id),
    CONSTRAINT owner_invitations_token_key UNIQUE (token),
    CONSTRAINT fk_owner_invitations_invited_account_id FOREIGN KEY (invited_account_id) REFERENCES accounts(id)
        ON DELETE CASCADE,
    CONSTRAINT fk_owner_invitations_invited_by FOREIGN KEY (invited_by) REFERENCES accounts(id) ON DELETE CASCADE,
    CONSTRAINT fk_owner_invitations_crate_id FOREIGN KEY (crate_id) REFERENCES crates(id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX index_owner_invitations_crate_id ON owner_invitations USING btree (crate_id);
CREATE INDEX index_owner_invitations_invited_by ON owner_invitations USING btree (invited_by);

ALTER TABLE releases ADD CONSTRAINT releases_size_not_negative CHECK (size_bytes >= 0) NOT VALID;
COMMENT ON CONSTRAINT releases_size_not_negative ON releases
    IS 'Not validated: releases published before sizes were recorded hold -1';

ALTER TYPE version_parts ADD ATTRIBUTE build text;
CREATE TYPE daily_tally AS (day date, downloads bigint);
ALTER TABLE crates ADD COLUMN recent_tallies daily_tally[] DEFAULT '{}'::daily_tally[] NOT NULL;

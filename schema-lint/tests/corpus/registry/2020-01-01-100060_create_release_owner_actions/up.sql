CREATE TABLE release_owner_actions (
    id serial PRIMARY KEY,
    release_id integer NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    api_token_id integer REFERENCES api_tokens (id) ON DELETE SET NULL,
    action integer NOT NULL,
    time timestamp NOT NULL DEFAULT now()
);
CREATE INDEX index_release_owner_actions_release_id ON release_owner_actions (release_id);
CREATE INDEX index_release_owner_actions_account_id ON release_owner_actions (account_id);
CREATE INDEX index_release_owner_actions_api_token_id ON release_owner_actions (api_token_id);

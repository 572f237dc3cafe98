CREATE TABLE package_owner_invitations (
    invited_account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    invited_by_account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    package_id integer NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    token text NOT NULL DEFAULT random_token(26),
    PRIMARY KEY (invited_account_id, package_id)
);
CREATE INDEX index_invitations_invited_by ON package_owner_invitations (invited_by_account_id);
CREATE INDEX index_invitations_package_id ON package_owner_invitations (package_id);

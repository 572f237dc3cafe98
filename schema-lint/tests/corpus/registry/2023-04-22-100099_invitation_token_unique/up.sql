ALTER TABLE package_owner_invitations ADD CONSTRAINT package_owner_invitations_token_key UNIQUE (token);

-- Folders move from a column on items to a join table; second factors; invitations keyed by
-- e-mail; settings added later as columns with defaults.
CREATE TABLE folders (
  id         CHAR(36) NOT NULL PRIMARY KEY,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  account_id CHAR(36) NOT NULL REFERENCES accounts (id),
  name       TEXT NOT NULL
);

CREATE TABLE folder_items (
  item_id   CHAR(36) NOT NULL REFERENCES items (id),
  folder_id CHAR(36) NOT NULL REFERENCES folders (id),
  PRIMARY KEY (item_id, folder_id)
);

CREATE TABLE share_items (
  item_id  CHAR(36) NOT NULL REFERENCES items (id),
  share_id CHAR(36) NOT NULL REFERENCES shares (id),
  PRIMARY KEY (item_id, share_id)
);

ALTER TABLE account_shares ADD COLUMN read_only BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE factors (
  id         CHAR(36) NOT NULL PRIMARY KEY,
  account_id CHAR(36) NOT NULL REFERENCES accounts (id),
  kind       INTEGER NOT NULL,
  enabled    BOOLEAN NOT NULL,
  secret     TEXT NOT NULL,
  UNIQUE (account_id, kind)
);

CREATE TABLE invitations (
  email VARCHAR(255) NOT NULL PRIMARY KEY
);

CREATE TABLE legacy_tokens (
  token TEXT NOT NULL PRIMARY KEY
);

ALTER TABLE accounts ADD COLUMN kdf_kind INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN kdf_rounds INTEGER NOT NULL DEFAULT 100000;
ALTER TABLE factors ADD COLUMN last_used INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN verified_at TIMESTAMP DEFAULT NULL;
ALTER TABLE accounts ADD COLUMN email_new VARCHAR(255) DEFAULT NULL;
ALTER TABLE accounts ADD COLUMN enabled BOOLEAN NOT NULL DEFAULT TRUE;

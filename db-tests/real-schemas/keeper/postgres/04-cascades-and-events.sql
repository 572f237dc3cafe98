-- A session is keyed by (id, account_id); single sign-on links cascade from their account
-- through a named constraint; an event log with many optional columns; archived items.
ALTER TABLE sessions DROP CONSTRAINT sessions_pkey;
ALTER TABLE sessions ADD PRIMARY KEY (id, account_id);

CREATE TABLE sso_links (
  account_id VARCHAR(40) NOT NULL PRIMARY KEY,
  identifier TEXT NOT NULL UNIQUE
);
ALTER TABLE sso_links
  ADD CONSTRAINT sso_links_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id)
  ON UPDATE CASCADE ON DELETE CASCADE;

CREATE TABLE events (
  id           CHAR(36) NOT NULL PRIMARY KEY,
  event_kind   INTEGER NOT NULL,
  account_id   VARCHAR(40),
  team_id      VARCHAR(40),
  item_id      VARCHAR(40),
  share_id     CHAR(36),
  actor_id     VARCHAR(40),
  device_kind  INTEGER,
  ip_address   TEXT,
  happened_at  TIMESTAMP NOT NULL
);

CREATE TABLE archives (
  account_id  VARCHAR(40) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  item_id     VARCHAR(40) NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  archived_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (account_id, item_id)
);

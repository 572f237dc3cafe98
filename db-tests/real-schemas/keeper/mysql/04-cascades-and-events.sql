-- A session is keyed by (id, account_id); single sign-on links cascade from their account
-- through an unnamed constraint added later; an event log; archived items, one of whose
-- foreign keys is named (MariaDB gives the index it adds for it the same name).
ALTER TABLE sessions DROP PRIMARY KEY, ADD PRIMARY KEY (id, account_id);

CREATE TABLE sso_links (
  account_id CHAR(36) NOT NULL PRIMARY KEY,
  identifier VARCHAR(768) NOT NULL UNIQUE
);
ALTER TABLE sso_links ADD FOREIGN KEY (account_id) REFERENCES accounts (id) ON UPDATE CASCADE ON DELETE CASCADE;

CREATE TABLE events (
  id           CHAR(36) NOT NULL PRIMARY KEY,
  event_kind   INTEGER NOT NULL,
  account_id   CHAR(36),
  team_id      VARCHAR(40),
  item_id      CHAR(36),
  share_id     CHAR(36),
  actor_id     CHAR(36),
  device_kind  INTEGER,
  ip_address   TEXT,
  happened_at  DATETIME NOT NULL
);

CREATE TABLE archives (
  account_id  CHAR(36) NOT NULL,
  item_id     CHAR(36) NOT NULL,
  archived_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (account_id, item_id),
  FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
  CONSTRAINT archives_item_fk FOREIGN KEY (item_id) REFERENCES items (id) ON DELETE CASCADE
);

-- A session is keyed by (id, account_id): SQLite cannot change a primary key, so the table is
-- rebuilt (new table, copy, drop, rename). Single sign-on links cascade from their account
-- through a table-level constraint; an event log; archived items.
CREATE TABLE sessions_new (
  id            TEXT NOT NULL,
  created_at    DATETIME NOT NULL,
  account_id    TEXT NOT NULL REFERENCES accounts (id),
  label         TEXT NOT NULL,
  kind          INTEGER NOT NULL,
  push_token    TEXT,
  refresh_token TEXT NOT NULL,
  PRIMARY KEY (id, account_id)
);
INSERT INTO sessions_new SELECT * FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;

CREATE TABLE sso_links (
  account_id TEXT NOT NULL PRIMARY KEY,
  identifier TEXT NOT NULL UNIQUE,
  FOREIGN KEY (account_id) REFERENCES accounts (id) ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE TABLE events (
  id           TEXT NOT NULL PRIMARY KEY,
  event_kind   INTEGER NOT NULL,
  account_id   TEXT,
  team_id      TEXT,
  item_id      TEXT,
  share_id     TEXT,
  actor_id     TEXT,
  device_kind  INTEGER,
  ip_address   TEXT,
  happened_at  DATETIME NOT NULL
);

CREATE TABLE archives (
  account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  item_id     TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  archived_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (account_id, item_id)
);

-- The first release on SQLite: every key and time is TEXT or DATETIME as declared, secrets are
-- BLOB, foreign keys are written inline.
CREATE TABLE accounts (
  id           TEXT NOT NULL PRIMARY KEY,
  created_at   DATETIME NOT NULL,
  updated_at   DATETIME NOT NULL,
  email        TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  secret_hash  BLOB NOT NULL,
  secret_salt  BLOB NOT NULL,
  hash_rounds  INTEGER NOT NULL,
  hint         TEXT,
  wrapped_key  TEXT NOT NULL,
  private_key  TEXT,
  public_key   TEXT,
  stamp        TEXT NOT NULL
);

CREATE TABLE sessions (
  id            TEXT NOT NULL PRIMARY KEY,
  created_at    DATETIME NOT NULL,
  account_id    TEXT NOT NULL REFERENCES accounts (id),
  label         TEXT NOT NULL,
  kind          INTEGER NOT NULL,
  push_token    TEXT,
  refresh_token TEXT NOT NULL
);

CREATE TABLE teams (
  id            TEXT NOT NULL PRIMARY KEY,
  name          TEXT NOT NULL,
  billing_email TEXT NOT NULL
);

CREATE TABLE items (
  id         TEXT NOT NULL PRIMARY KEY,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  account_id TEXT REFERENCES accounts (id),
  team_id    TEXT REFERENCES teams (id),
  kind       INTEGER NOT NULL,
  title      TEXT NOT NULL,
  notes      TEXT,
  payload    TEXT NOT NULL,
  starred    BOOLEAN NOT NULL,
  history    TEXT
);

CREATE TABLE files (
  id      TEXT NOT NULL PRIMARY KEY,
  item_id TEXT NOT NULL REFERENCES items (id),
  name    TEXT NOT NULL,
  size    INTEGER NOT NULL
);

CREATE TABLE shares (
  id      TEXT NOT NULL PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams (id),
  name    TEXT NOT NULL
);

CREATE TABLE account_shares (
  account_id TEXT NOT NULL REFERENCES accounts (id),
  share_id   TEXT NOT NULL REFERENCES shares (id),
  PRIMARY KEY (account_id, share_id)
);

CREATE TABLE memberships (
  id          TEXT NOT NULL PRIMARY KEY,
  account_id  TEXT NOT NULL REFERENCES accounts (id),
  team_id     TEXT NOT NULL REFERENCES teams (id),
  everything  BOOLEAN NOT NULL,
  wrapped_key TEXT NOT NULL,
  status      INTEGER NOT NULL,
  role        INTEGER NOT NULL,
  UNIQUE (account_id, team_id)
);

-- The first release on MySQL/MariaDB: UUID keys as CHAR(36), secrets as BLOB, times as
-- DATETIME, foreign keys written inline (MariaDB keeps them as <table>_ibfk_<n> and adds an
-- index named after the column).
CREATE TABLE accounts (
  id           CHAR(36) NOT NULL PRIMARY KEY,
  created_at   DATETIME NOT NULL,
  updated_at   DATETIME NOT NULL,
  email        VARCHAR(255) NOT NULL UNIQUE,
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
  id            CHAR(36) NOT NULL PRIMARY KEY,
  created_at    DATETIME NOT NULL,
  account_id    CHAR(36) NOT NULL REFERENCES accounts (id),
  label         TEXT NOT NULL,
  kind          INTEGER NOT NULL,
  push_token    TEXT,
  refresh_token TEXT NOT NULL
);

CREATE TABLE teams (
  id            VARCHAR(40) NOT NULL PRIMARY KEY,
  name          TEXT NOT NULL,
  billing_email TEXT NOT NULL
);

CREATE TABLE items (
  id         CHAR(36) NOT NULL PRIMARY KEY,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  account_id CHAR(36) REFERENCES accounts (id),
  team_id    VARCHAR(40) REFERENCES teams (id),
  kind       INTEGER NOT NULL,
  title      TEXT NOT NULL,
  notes      TEXT,
  payload    TEXT NOT NULL,
  starred    BOOLEAN NOT NULL,
  history    TEXT
);

CREATE TABLE files (
  id      CHAR(36) NOT NULL PRIMARY KEY,
  item_id CHAR(36) NOT NULL REFERENCES items (id),
  name    TEXT NOT NULL,
  size    INTEGER NOT NULL
);

CREATE TABLE shares (
  id      CHAR(36) NOT NULL PRIMARY KEY,
  team_id VARCHAR(40) NOT NULL REFERENCES teams (id),
  name    TEXT NOT NULL
);

CREATE TABLE account_shares (
  account_id CHAR(36) NOT NULL REFERENCES accounts (id),
  share_id   CHAR(36) NOT NULL REFERENCES shares (id),
  PRIMARY KEY (account_id, share_id)
);

CREATE TABLE memberships (
  id          CHAR(36) NOT NULL PRIMARY KEY,
  account_id  CHAR(36) NOT NULL REFERENCES accounts (id),
  team_id     VARCHAR(40) NOT NULL REFERENCES teams (id),
  everything  BOOLEAN NOT NULL,
  wrapped_key TEXT NOT NULL,
  status      INTEGER NOT NULL,
  role        INTEGER NOT NULL,
  UNIQUE (account_id, team_id)
);

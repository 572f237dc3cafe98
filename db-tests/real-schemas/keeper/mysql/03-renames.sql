-- A column renamed with CHANGE COLUMN (which restates its type), a size that outgrew INTEGER
-- changed with MODIFY, and a table retired.
ALTER TABLE memberships CHANGE COLUMN role member_kind INTEGER NOT NULL;
ALTER TABLE files MODIFY size BIGINT NOT NULL;
DROP TABLE legacy_tokens;

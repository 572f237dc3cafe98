-- A column renamed in place, and a table retired.
ALTER TABLE memberships RENAME COLUMN role TO member_kind;
DROP TABLE legacy_tokens;

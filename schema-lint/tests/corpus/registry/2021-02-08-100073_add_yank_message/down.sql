ALTER TABLE releases DROP COLUMN yank_message;

ALTER TABLE releases ADD COLUMN yank_message text;

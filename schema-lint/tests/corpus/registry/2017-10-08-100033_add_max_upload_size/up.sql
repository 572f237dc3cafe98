ALTER TABLE packages ADD COLUMN max_upload_size integer;

ALTER TABLE packages DROP COLUMN max_upload_size;

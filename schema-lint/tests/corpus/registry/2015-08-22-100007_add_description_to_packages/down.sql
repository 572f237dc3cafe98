ALTER TABLE packages DROP COLUMN description;

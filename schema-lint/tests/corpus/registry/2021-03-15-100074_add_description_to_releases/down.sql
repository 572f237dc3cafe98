ALTER TABLE releases DROP COLUMN description;

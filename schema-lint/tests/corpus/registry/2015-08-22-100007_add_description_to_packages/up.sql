ALTER TABLE packages ADD COLUMN description varchar;

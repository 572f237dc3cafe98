ALTER TABLE tags ADD COLUMN description text NOT NULL DEFAULT '';

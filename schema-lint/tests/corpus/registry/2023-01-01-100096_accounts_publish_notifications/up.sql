ALTER TABLE accounts ADD COLUMN publish_notifications boolean NOT NULL DEFAULT true;

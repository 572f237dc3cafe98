ALTER TABLE accounts DROP COLUMN publish_notifications;

ALTER TABLE follows ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();

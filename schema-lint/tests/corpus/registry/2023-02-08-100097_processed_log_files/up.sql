CREATE TABLE processed_log_files (
    path varchar PRIMARY KEY,
    time timestamptz NOT NULL DEFAULT now()
);

DROP TABLE processed_log_files;

CREATE TABLE metadata (total_downloads bigint NOT NULL);

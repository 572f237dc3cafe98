CREATE TABLE metadata (total_downloads bigint NOT NULL);
INSERT INTO metadata (total_downloads) SELECT coalesce(sum(downloads), 0) FROM packages;

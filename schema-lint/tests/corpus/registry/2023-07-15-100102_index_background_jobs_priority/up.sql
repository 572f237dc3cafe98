SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY index_background_jobs_priority ON background_jobs (priority DESC, id);

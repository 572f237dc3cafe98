DELETE FROM background_jobs;

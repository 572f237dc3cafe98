CREATE TABLE background_jobs (
    id bigserial PRIMARY KEY,
    job_type text NOT NULL,
    data jsonb NOT NULL,
    retries integer NOT NULL DEFAULT 0,
    last_retry timestamp NOT NULL DEFAULT '1970-01-01',
    created_at timestamp NOT NULL DEFAULT now()
);

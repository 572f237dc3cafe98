CREATE TABLE release_downloads (
    release_id integer NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    downloads integer NOT NULL DEFAULT 1,
    date date NOT NULL DEFAULT CURRENT_DATE,
    PRIMARY KEY (release_id, date)
);

CREATE TABLE tags (
    id serial PRIMARY KEY,
    tag varchar NOT NULL UNIQUE,
    packages_cnt integer NOT NULL DEFAULT 0,
    created_at timestamp NOT NULL DEFAULT now()
);
CREATE TABLE packages_tags (
    package_id integer NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
    tag_id integer NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (package_id, tag_id)
);
CREATE INDEX index_packages_tags_tag_id ON packages_tags (tag_id);

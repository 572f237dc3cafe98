CREATE TABLE badges (
    package_id integer NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
    badge_type varchar NOT NULL,
    attributes jsonb NOT NULL,
    PRIMARY KEY (package_id, badge_type)
);

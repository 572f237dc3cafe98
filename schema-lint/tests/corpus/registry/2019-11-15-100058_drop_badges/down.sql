CREATE TABLE badges (package_id integer NOT NULL, badge_type varchar NOT NULL, attributes jsonb NOT NULL);

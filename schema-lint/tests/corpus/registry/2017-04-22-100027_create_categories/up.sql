CREATE TABLE categories (
    id serial PRIMARY KEY,
    category varchar NOT NULL UNIQUE,
    slug varchar NOT NULL UNIQUE,
    description varchar NOT NULL DEFAULT '',
    packages_cnt integer NOT NULL DEFAULT 0,
    created_at timestamp NOT NULL DEFAULT now()
);
CREATE TABLE packages_categories (
    package_id integer NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
    category_id integer NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    PRIMARY KEY (package_id, category_id)
);
CREATE INDEX index_packages_categories_category_id ON packages_categories (category_id);

-- The packages become crates: the table and its key column are renamed, but the sequence, the
-- primary key and the indexes keep the names they were created with (`packages_id_seq`,
-- `packages_pkey`, `index_packages_*`), as they do in a database that grew this way.
ALTER TABLE packages RENAME TO crates;
ALTER TABLE package_owners RENAME TO crate_owners;
ALTER TABLE crate_owners RENAME COLUMN package_id TO crate_id;
ALTER TABLE releases RENAME COLUMN package_id TO crate_id;
ALTER TABLE dependencies RENAME COLUMN package_id TO crate_id;

-- Full-text search, kept up to date by a row trigger that fires only when its inputs change.
ALTER TABLE crates ADD COLUMN textsearchable tsvector;
ALTER TABLE crates ADD COLUMN keywords character varying[] DEFAULT '{}'::character varying[] NOT NULL;
CREATE INDEX index_crates_textsearchable ON crates USING gin (textsearchable);

CREATE FUNCTION fill_textsearchable() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.textsearchable := setweight(to_tsvector('pg_catalog.english', coalesce(NEW.name, '')), 'A')
        || setweight(to_tsvector('pg_catalog.english', coalesce(NEW.description, '')), 'B');
    RETURN NEW;
END;
$$;
CREATE TRIGGER crates_fill_textsearchable BEFORE INSERT OR UPDATE OF name, description ON crates
    FOR EACH ROW EXECUTE FUNCTION fill_textsearchable();

-- Categories form a tree (ltree paths); slugs compare without case.
CREATE TABLE categories (
    id serial PRIMARY KEY,
    slug citext NOT NULL,
    category character varying NOT NULL,
    path ltree NOT NULL,
    description character varying DEFAULT ''::character varying NOT NULL,
    crates_cnt integer DEFAULT 0 NOT NULL,
    created_at timestamp without time zone DEFAULT now() NOT NULL,
    CONSTRAINT categories_slug_key UNIQUE (slug)
);
CREATE INDEX index_categories_path ON categories USING gist (path);

CREATE TABLE crates_categories (
    crate_id integer NOT NULL,
    category_id integer NOT NULL,
    CONSTRAINT crates_categories_pkey PRIMARY KEY (crate_id, category_id),
    CONSTRAINT fk_crates_categories_crate_id FOREIGN KEY (crate_id) REFERENCES crates(id) ON DELETE CASCADE,
    CONSTRAINT fk_crates_categories_category_id FOREIGN KEY (category_id) REFERENCES categories(id) ON DELETE CASCADE
);
CREATE INDEX index_crates_categories_category_id ON crates_categories USING btree (category_id);

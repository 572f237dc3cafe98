-- Releases with a checked version text (a domain), their parsed parts (a composite type),
-- dependency kinds (an enum), feature lists (arrays); daily download counts kept in a table
-- that only grows, indexed by date with BRIN, and rolled up into the package by a
-- statement-level trigger that reads the inserted rows as a table.
CREATE DOMAIN version_text AS character varying
    CONSTRAINT version_text_shape CHECK (((VALUE)::text ~ '^[0-9]+\.[0-9]+\.[0-9]+'::text));

CREATE TYPE version_parts AS (
    major bigint,
    minor bigint,
    patch bigint,
    pre text
);
COMMENT ON TYPE version_parts IS 'A version split for sorting; pre is NULL for a final release';

CREATE TYPE dependency_kind AS ENUM ('normal', 'build', 'dev');

CREATE TABLE releases (
    id serial PRIMARY KEY,
    package_id integer NOT NULL,
    num version_text NOT NULL,
    parts version_parts NOT NULL,
    yanked boolean DEFAULT false NOT NULL,
    yank_message text,
    features jsonb DEFAULT '{}'::jsonb NOT NULL,
    links character varying,
    checksum character(64) NOT NULL,
    size_bytes integer NOT NULL,
    published_by integer,
    downloads integer DEFAULT 0 NOT NULL,
    created_at timestamp without time zone DEFAULT now() NOT NULL,
    updated_at timestamp without time zone DEFAULT now() NOT NULL,
    CONSTRAINT releases_package_id_num_key UNIQUE (package_id, num),
    CONSTRAINT fk_releases_package_id FOREIGN KEY (package_id) REFERENCES packages(id) ON DELETE CASCADE,
    CONSTRAINT fk_releases_published_by FOREIGN KEY (published_by) REFERENCES accounts(id)
);
CREATE INDEX index_releases_published_by ON releases USING btree (published_by);
CREATE TRIGGER releases_touch_updated_at BEFORE UPDATE OF yanked, yank_message ON releases
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE dependencies (
    id serial PRIMARY KEY,
    release_id integer NOT NULL,
    package_id integer NOT NULL,
    req character varying NOT NULL,
    optional boolean NOT NULL,
    default_features boolean NOT NULL,
    features text[] NOT NULL,
    target character varying,
    kind dependency_kind DEFAULT 'normal'::dependency_kind NOT NULL,
    explicit_name character varying,
    CONSTRAINT fk_dependencies_release_id FOREIGN KEY (release_id) REFERENCES releases(id) ON DELETE CASCADE,
    CONSTRAINT fk_dependencies_package_id FOREIGN KEY (package_id) REFERENCES packages(id)
);
CREATE INDEX index_dependencies_release_id ON dependencies USING btree (release_id);
CREATE INDEX index_dependencies_package_id ON dependencies USING btree (package_id);

CREATE TABLE release_downloads (
    release_id integer NOT NULL,
    day date DEFAULT CURRENT_DATE NOT NULL,
    downloads integer DEFAULT 1 NOT NULL,
    counted integer DEFAULT 0 NOT NULL,
    CONSTRAINT release_downloads_pkey PRIMARY KEY (release_id, day),
    CONSTRAINT fk_release_downloads_release_id FOREIGN KEY (release_id) REFERENCES releases(id) ON DELETE CASCADE
);
CREATE INDEX index_release_downloads_day ON release_downloads USING brin (day) WITH (pages_per_range='16');

CREATE FUNCTION roll_up_downloads() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE releases SET downloads = releases.downloads + fresh.total
    FROM (SELECT release_id, sum(downloads) AS total FROM new_rows GROUP BY release_id) AS fresh
    WHERE releases.id = fresh.release_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER release_downloads_roll_up AFTER INSERT ON release_downloads
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roll_up_downloads();

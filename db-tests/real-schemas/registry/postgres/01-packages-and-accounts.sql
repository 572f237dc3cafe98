-- In the manner of a package registry written with diesel on PostgreSQL: extensions for fuzzy
-- search, case-insensitive e-mails and category trees; SQL helper functions used in defaults and
-- in a unique expression index; plpgsql trigger functions; `character varying` without a length.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS ltree;

-- A token of `len` letters and digits (volatile: a new one on every call).
CREATE FUNCTION random_string(len integer) RETURNS text
    LANGUAGE sql VOLATILE
    AS $$
    SELECT string_agg(substr('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
                             (floor(random() * 62) + 1)::integer, 1), '')
    FROM generate_series(1, len)
$$;

-- The name two packages may not share: case and `-`/`_` do not tell them apart.
CREATE FUNCTION canon_name(text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT replace(lower($1), '-', '_') $$;

CREATE FUNCTION touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TABLE accounts (
    id serial PRIMARY KEY,
    login character varying NOT NULL,
    remote_id integer NOT NULL,
    display_name character varying,
    avatar_url character varying,
    email citext,
    created_at timestamp without time zone DEFAULT now() NOT NULL
);
CREATE UNIQUE INDEX accounts_remote_id_key ON accounts USING btree (remote_id);
CREATE INDEX accounts_login_lower ON accounts USING btree (lower((login)::text));

CREATE TABLE packages (
    id serial PRIMARY KEY,
    name character varying NOT NULL,
    description character varying,
    homepage character varying,
    repository character varying,
    downloads integer DEFAULT 0 NOT NULL,
    created_at timestamp without time zone DEFAULT now() NOT NULL,
    updated_at timestamp without time zone DEFAULT now() NOT NULL
);
CREATE UNIQUE INDEX index_packages_canon_name ON packages USING btree (canon_name((name)::text));
CREATE INDEX index_packages_name_trgm ON packages USING gin (name gin_trgm_ops);
CREATE INDEX index_packages_created_at ON packages USING btree (created_at DESC);

-- Only a change a person made moves `updated_at`; the download counter does not.
CREATE TRIGGER packages_touch_updated_at BEFORE UPDATE ON packages
    FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.description IS DISTINCT FROM NEW.description
          OR OLD.homepage IS DISTINCT FROM NEW.homepage OR OLD.repository IS DISTINCT FROM NEW.repository)
    EXECUTE FUNCTION touch_updated_at();

CREATE TABLE package_owners (
    package_id integer NOT NULL,
    account_id integer NOT NULL,
    added_by integer,
    created_at timestamp without time zone DEFAULT now() NOT NULL,
    CONSTRAINT package_owners_pk PRIMARY KEY (package_id, account_id)
);
ALTER TABLE ONLY package_owners
    ADD CONSTRAINT fk_package_owners_package_id FOREIGN KEY (package_id) REFERENCES packages(id)
    ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE ONLY package_owners
    ADD CONSTRAINT fk_package_owners_account_id FOREIGN KEY (account_id) REFERENCES accounts(id);
ALTER TABLE ONLY package_owners
    ADD CONSTRAINT fk_package_owners_added_by FOREIGN KEY (added_by) REFERENCES accounts(id);
CREATE INDEX index_package_owners_account_id ON package_owners USING btree (account_id);

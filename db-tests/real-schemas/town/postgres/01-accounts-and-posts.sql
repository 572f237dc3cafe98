-- In the manner of a Rails application on PostgreSQL (what `rails db:migrate` leaves): bigserial
-- keys, `character varying` without a length, `timestamp(6)` times, JSONB and array columns,
-- indexes named `index_<table>_on_<columns>`, foreign keys named `fk_rails_<hash>` and added
-- after the tables.
CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    username character varying DEFAULT ''::character varying NOT NULL,
    domain character varying,
    display_name character varying DEFAULT ''::character varying NOT NULL,
    note text DEFAULT ''::text NOT NULL,
    uri character varying DEFAULT ''::character varying NOT NULL,
    url character varying,
    locked boolean DEFAULT false NOT NULL,
    fields jsonb,
    also_known_as character varying[],
    moved_to_account_id bigint,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);

CREATE UNIQUE INDEX index_accounts_on_username_and_domain_lower
    ON accounts USING btree (lower((username)::text), COALESCE(lower((domain)::text), ''::text));
CREATE INDEX index_accounts_on_uri ON accounts USING btree (uri);
CREATE INDEX index_accounts_on_url ON accounts USING btree (url text_pattern_ops) WHERE (url IS NOT NULL);
CREATE INDEX index_accounts_on_moved_to_account_id ON accounts USING btree (moved_to_account_id)
    WHERE (moved_to_account_id IS NOT NULL);
CREATE INDEX search_index ON accounts USING gin ((
    setweight(to_tsvector('simple'::regconfig, (display_name)::text), 'A'::"char")
    || setweight(to_tsvector('simple'::regconfig, (username)::text), 'B'::"char")));

CREATE TABLE posts (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL,
    in_reply_to_id bigint,
    text text DEFAULT ''::text NOT NULL,
    language character varying,
    sensitive boolean DEFAULT false NOT NULL,
    visibility integer DEFAULT 0 NOT NULL,
    ordered_media_ids bigint[],
    deleted_at timestamp without time zone,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);

CREATE INDEX index_posts_on_account_id_and_id ON posts USING btree (account_id, id DESC, visibility)
    WHERE (deleted_at IS NULL);
CREATE INDEX index_posts_on_in_reply_to_id ON posts USING btree (in_reply_to_id)
    WHERE (in_reply_to_id IS NOT NULL);

CREATE TABLE account_stats (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL,
    posts_count bigint DEFAULT 0 NOT NULL,
    followers_count bigint DEFAULT 0 NOT NULL,
    last_post_at timestamp without time zone,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);

CREATE UNIQUE INDEX index_account_stats_on_account_id ON account_stats USING btree (account_id);
CREATE INDEX index_account_stats_on_last_post_at_and_account_id
    ON account_stats USING btree (last_post_at DESC NULLS LAST, account_id);

ALTER TABLE ONLY posts
    ADD CONSTRAINT fk_9e6a24b6 FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE;
ALTER TABLE ONLY posts
    ADD CONSTRAINT fk_rails_94a6f70399 FOREIGN KEY (in_reply_to_id) REFERENCES posts(id) ON DELETE SET NULL;
ALTER TABLE ONLY accounts
    ADD CONSTRAINT fk_rails_2320833084 FOREIGN KEY (moved_to_account_id) REFERENCES accounts(id) ON DELETE SET NULL;
ALTER TABLE ONLY account_stats
    ADD CONSTRAINT fk_rails_215bb31ff1 FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE;

-- Tags joined to accounts by a table whose primary key is both columns (in the order Rails was
-- given), conversations with array columns defaulting to empty arrays, and IP blocks.
CREATE TABLE tags (
    id bigserial PRIMARY KEY,
    name character varying DEFAULT ''::character varying NOT NULL,
    usable boolean,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);
CREATE UNIQUE INDEX index_tags_on_name_lower_btree ON tags USING btree (lower((name)::text) text_pattern_ops);

CREATE TABLE accounts_tags (
    account_id bigint NOT NULL,
    tag_id bigint NOT NULL,
    PRIMARY KEY (tag_id, account_id)
);
CREATE INDEX index_accounts_tags_on_account_id_and_tag_id ON accounts_tags USING btree (account_id, tag_id);

CREATE TABLE account_conversations (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL,
    participant_account_ids bigint[] DEFAULT '{}'::bigint[] NOT NULL,
    post_ids bigint[] DEFAULT '{}'::bigint[] NOT NULL,
    last_post_id bigint,
    lock_version integer DEFAULT 0 NOT NULL,
    unread boolean DEFAULT false NOT NULL
);
CREATE UNIQUE INDEX index_unique_conversations
    ON account_conversations USING btree (account_id, participant_account_ids);

CREATE TABLE ip_blocks (
    id bigserial PRIMARY KEY,
    ip inet DEFAULT '0.0.0.0'::inet NOT NULL,
    severity integer DEFAULT 0 NOT NULL,
    expires_at timestamp without time zone,
    comment text DEFAULT ''::text NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);
CREATE UNIQUE INDEX index_ip_blocks_on_ip ON ip_blocks USING btree (ip);

ALTER TABLE ONLY accounts_tags
    ADD CONSTRAINT fk_rails_f2ad6ab1bc FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE;
ALTER TABLE ONLY accounts_tags
    ADD CONSTRAINT fk_rails_3ed7c4fe3b FOREIGN KEY (tag_id) REFERENCES tags(id) ON DELETE CASCADE;
ALTER TABLE ONLY account_conversations
    ADD CONSTRAINT fk_rails_cb06f4c0d6 FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE;

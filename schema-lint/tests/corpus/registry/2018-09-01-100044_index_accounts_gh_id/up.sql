CREATE UNIQUE INDEX index_accounts_gh_id ON accounts (gh_id) WHERE gh_id > 0;

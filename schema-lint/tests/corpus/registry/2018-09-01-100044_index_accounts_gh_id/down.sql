DROP INDEX index_accounts_gh_id;
